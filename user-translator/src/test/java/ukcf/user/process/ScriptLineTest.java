package ukcf.user.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The #! lines of {@code script-lines.tsv}, split as fs/binfmt_script.c splits them. */
class ScriptLineTest {
    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*(.)\\}");

    @TestFactory
    Stream<DynamicTest> splitsAsBinfmtScript() throws IOException {
        return resource("script-lines.tsv").lines().filter(l -> !l.isBlank() && !l.startsWith("# ")).map(line -> {
            String[] f = line.split("\t", 2);
            return DynamicTest.dynamicTest(f[0], () -> {
                byte[] start = expand(f[0]).getBytes(StandardCharsets.ISO_8859_1);
                ProgramImage.ScriptLine parsed = ProgramImage.ScriptLine.parse(
                        Arrays.copyOf(start, ProgramImage.BINPRM_BUF_SIZE));
                String actual = parsed == null ? "ENOEXEC"
                        : parsed.interpreter() + "|" + (parsed.argument() == null ? "" : parsed.argument());
                assertEquals(expand(f[1]), actual);
            });
        });
    }

    /** The file's escapes: \n \t \0 and {N*c}. */
    private static String expand(String text) {
        Matcher m = REPEAT.matcher(text.replace("\\n", "\n").replace("\\t", "\t").replace("\\0", "\0"));
        StringBuilder s = new StringBuilder();
        while (m.find()) m.appendReplacement(s, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        m.appendTail(s);
        return s.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ScriptLineTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
