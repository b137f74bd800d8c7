package ukcf.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ukcf.cpu.disasm.ObjdumpAgreement;

/** {@code ukcf decode-check FILE...}: our decoder against objdump on every instruction of the files' code. */
@Command(name = "decode-check", mixinStandardHelpOptions = true,
        description = {"Decode every instruction in the executable sections of i386 ELF files and compare length",
                "and mnemonic with objdump -d. Exit 0 only when everything decodes and agrees."})
final class DecodeCheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "i386 ELF executables, shared objects or kernel modules.")
    List<Path> files;

    @Override
    public Integer call() {
        return ObjdumpAgreement.report(files, System.out).agrees() ? 0 : 1;
    }
}
