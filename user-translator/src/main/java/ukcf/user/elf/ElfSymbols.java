package ukcf.user.elf;

import java.util.Map;
import java.util.TreeMap;
import ukcf.cpu.disasm.Symbolizer;

/** Function and object symbols of an executable (its .symtab), for fault reports and disassembly. */
public final class ElfSymbols implements Symbolizer {
    public static final ElfSymbols NONE = new ElfSymbols(new TreeMap<>());

    /** A symbol: its name, start address and size (0 when unknown). */
    public record Symbol(String name, long address, long size) { }

    private final TreeMap<Long, Symbol> byAddress;

    ElfSymbols(TreeMap<Long, Symbol> byAddress) {
        this.byAddress = byAddress;
    }

    public boolean isEmpty() { return byAddress.isEmpty(); }

    /** The same symbols moved by {@code bias} (a position-independent executable's load address). */
    public ElfSymbols relocated(long bias) {
        if (bias == 0) return this;
        TreeMap<Long, Symbol> moved = new TreeMap<>();
        for (Symbol s : byAddress.values()) {
            long address = (s.address() + bias) & 0xFFFFFFFFL;
            moved.put(address, new Symbol(s.name(), address, s.size()));
        }
        return new ElfSymbols(moved);
    }

    /** {@code name+0xoffset} of the nearest symbol at or below {@code address}, or null. */
    @Override
    public String symbolize(int address) {
        long a = Integer.toUnsignedLong(address);
        Map.Entry<Long, Symbol> entry = byAddress.floorEntry(a);
        if (entry == null) return null;
        Symbol s = entry.getValue();
        long offset = a - s.address();
        if (s.size() != 0 && offset >= s.size() && offset > 0x10000) return null;
        return offset == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(offset);
    }
}
