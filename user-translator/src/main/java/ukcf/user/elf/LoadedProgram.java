package ukcf.user.elf;

/**
 * An executable mapped into a guest address space: what the initial stack and the process need to know.
 *
 * @param entry          where execution starts (biased)
 * @param programHeaders guest address of the program header table (AT_PHDR)
 * @param programHeaderCount number of program headers (AT_PHNUM)
 * @param loadBias       what was added to every p_vaddr (0 for ET_EXEC)
 * @param imageEnd       first address after the highest segment (unaligned)
 * @param breakStart     the initial program break: the page after the highest segment
 * @param executableStack whether PT_GNU_STACK asks for an executable stack (or is absent, as Linux treats it)
 * @param symbols        symbols for fault reports, biased
 * @param interpreterBias where the interpreter (ld.so) was loaded (AT_BASE), 0 for a static program
 * @param start          where execution starts: the interpreter's entry, else the program's
 */
public record LoadedProgram(int entry, int programHeaders, int programHeaderCount, int loadBias, int imageEnd,
                            int breakStart, boolean executableStack, ElfSymbols symbols, int interpreterBias,
                            int start) { }
