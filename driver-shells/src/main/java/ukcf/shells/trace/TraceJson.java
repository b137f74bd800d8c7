package ukcf.shells.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trace events as JSON lines: one flat object per event, {@code "event"} naming its kind. Written and read here
 * (the format is ours and flat: strings, integers, arrays of integers), so the trace needs no JSON library.
 */
public final class TraceJson {
    private TraceJson() { }

    public static String encode(TraceEvent e) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("t", e.nanos());
        f.put("pid", e.pid());
        f.put("driver", e.driver());
        if (e instanceof TraceEvent.ShellEntry s) {
            f.put("event", "entry");
            f.put("entry", s.entryPoint());
            f.put("function", s.function());
            f.put("args", s.arguments());
        } else if (e instanceof TraceEvent.ShellExit s) {
            f.put("event", "exit");
            f.put("entry", s.entryPoint());
            f.put("result", s.result());
            f.put("instructions", s.instructions());
            f.put("ns", s.durationNanos());
        } else if (e instanceof TraceEvent.HostCall h) {
            f.put("event", "host");
            f.put("function", h.function());
            f.put("args", h.arguments());
            f.put("result", h.result());
            f.put("ns", h.durationNanos());
        } else if (e instanceof TraceEvent.CallFailed c) {
            f.put("event", "failed");
            f.put("entry", c.entryPoint());
            f.put("kind", c.kind());
            f.put("summary", c.summary());
            f.put("instructions", c.instructions());
        }
        StringBuilder s = new StringBuilder("{");
        f.forEach((k, v) -> {
            if (s.length() > 1) s.append(", ");
            quote(s, k).append(": ");
            value(s, v);
        });
        return s.append('}').toString();
    }

    public static TraceEvent decode(String line) {
        Map<String, Object> f = new Parser(line).object();
        long t = number(f, "t");
        int pid = (int) number(f, "pid");
        String driver = (String) f.get("driver");
        String kind = String.valueOf(f.get("event"));
        return switch (kind) {
            case "entry" -> new TraceEvent.ShellEntry(t, pid, driver, (String) f.get("entry"), (String) f.get("function"), ints(f.get("args")));
            case "exit" -> new TraceEvent.ShellExit(t, pid, driver, (String) f.get("entry"), number(f, "result"),
                    number(f, "instructions"), number(f, "ns"));
            case "host" -> new TraceEvent.HostCall(t, pid, driver, (String) f.get("function"), ints(f.get("args")),
                    number(f, "result"), number(f, "ns"));
            case "failed" -> new TraceEvent.CallFailed(t, pid, driver, (String) f.get("entry"), (String) f.get("kind"),
                    (String) f.get("summary"), number(f, "instructions"));
            default -> throw new IllegalArgumentException("unknown trace event \"" + kind + "\"");
        };
    }

    private static long number(Map<String, Object> f, String key) {
        Object v = f.get(key);
        if (!(v instanceof Long n)) throw new IllegalArgumentException("trace event without a number \"" + key + "\"");
        return n;
    }

    private static List<Integer> ints(Object v) {
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> list) for (Object o : list) out.add((int) (long) (Long) o);
        return out;
    }

    private static void value(StringBuilder s, Object v) {
        if (v instanceof String str) {
            quote(s, str);
        } else if (v instanceof List<?> list) {
            s.append('[');
            for (int i = 0; i < list.size(); i++) s.append(i > 0 ? ", " : "").append(list.get(i));
            s.append(']');
        } else {
            s.append(v);
        }
    }

    private static StringBuilder quote(StringBuilder s, String text) {
        s.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
                    else s.append(c);
                }
            }
        }
        return s.append('"');
    }

    /** Reads the flat objects encode writes: strings, integers and arrays of integers. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) { this.s = s; }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            skip();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String key = string();
                skip();
                expect(':');
                skip();
                m.put(key, value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') return string();
            if (c == '[') {
                i++;
                List<Object> list = new ArrayList<>();
                skip();
                if (peek() == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    skip();
                    list.add(value());
                    skip();
                    if (peek() == ',') i++;
                    else {
                        expect(']');
                        return list;
                    }
                }
            }
            int start = i;
            if (c == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (start == i) throw error("a value");
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("the end of a string");
                char c = s.charAt(i++);
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        private char peek() {
            if (i >= s.length()) throw error("more input");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw error("'" + c + "'");
            i++;
        }

        private void skip() { while (i < s.length() && s.charAt(i) == ' ') i++; }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("bad trace line at column " + (i + 1) + ": expected " + expected);
        }
    }
}
