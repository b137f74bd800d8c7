package ukcf.cli;

import picocli.CommandLine.ITypeConverter;

/** Guest addresses on the command line: hex with 0x, or decimal; the full 32-bit unsigned range. */
final class AddressConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String v = value.trim().toLowerCase();
        return v.startsWith("0x") ? Integer.parseUnsignedInt(v.substring(2), 16) : Integer.parseUnsignedInt(v);
    }
}
