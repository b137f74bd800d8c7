package ukcf.cli;

import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ukcf.cpu.disasm.Listing;

/** {@code ukcf disasm HEX...}: disassembles i386 machine code given as hex bytes. */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = "Disassemble i386 machine code given as hex bytes (e.g. 31 c0 cd 80), in objdump's AT&T syntax.")
final class DisassembleCommand implements Callable<Integer> {
    @Option(names = "--address", description = "Address of the first byte (default: 0).", converter = AddressConverter.class)
    int address;

    @Parameters(arity = "1..*", paramLabel = "HEX", description = "Bytes in hex; spaces optional.")
    String[] hex;

    @Override
    public Integer call() {
        byte[] code = HexFormat.of().parseHex(String.join("", hex).replaceAll("\\s", ""));
        System.out.println(Listing.of(code, address));
        return 0;
    }
}
