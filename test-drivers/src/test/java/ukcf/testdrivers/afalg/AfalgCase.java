package ukcf.testdrivers.afalg;

import java.util.HexFormat;
import java.util.Optional;

/**
 * One line of afalg's input or output: "operation algorithm key iv input [result]", hex fields, "-" for empty.
 * In a case file the result is the published answer; in afalg's output it is what the kernel computed, or
 * "error:ENAME".
 */
record AfalgCase(String operation, String algorithm, byte[] key, byte[] iv, byte[] input, Optional<String> result) {
    private static final HexFormat HEX = HexFormat.of();

    static AfalgCase parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 5 || fields.length > 6) {
            throw new IllegalArgumentException("not an afalg case line: " + line);
        }
        return new AfalgCase(fields[0], fields[1], bytes(fields[2]), bytes(fields[3]), bytes(fields[4]),
                fields.length == 6 && !fields[5].equals("-") ? Optional.of(fields[5]) : Optional.empty());
    }

    static boolean isCase(String line) {
        String trimmed = line.trim();
        return !trimmed.isEmpty() && !trimmed.startsWith("#");
    }

    static String hex(byte[] value) {
        return value.length == 0 ? "-" : HEX.formatHex(value);
    }

    private static byte[] bytes(String field) {
        return field.equals("-") ? new byte[0] : HEX.parseHex(field);
    }

    String describe() {
        return operation + " " + algorithm + " key " + hex(key) + " iv " + hex(iv) + " input " + hex(input);
    }
}
