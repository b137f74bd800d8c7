package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code parameter-values.tsv}: how each parameter type parses a value, as Linux's kstrtoX and kstrtobool. */
class ParameterTypeTest {
    static Stream<Arguments> values() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = ParameterTypeTest.class.getResourceAsStream("parameter-values.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                String text = f[1].equals("<none>") ? null : f[1].replace("\\n", "\n");
                rows.add(Arguments.of(ParameterType.valueOf(f[0]), text, f[2]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("values")
    void parsesAsTheKernelDoes(ParameterType type, String text, String expected) {
        byte[] bytes = type.encodeScalar(text);
        assertEquals(expected, bytes == null ? "invalid" : HexFormat.of().formatHex(bytes));
    }
}
