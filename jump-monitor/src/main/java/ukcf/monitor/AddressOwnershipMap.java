package ukcf.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which guest address belongs to whom: non-overlapping claimed ranges, each with its {@link AddressOwner}. The
 * module loader claims each module's core and init parts, the kernel address space its fixed regions; the jump
 * monitor asks {@link #ownerOf} for branch targets. Claims and releases are rare, look-ups frequent: both are
 * synchronized on this small map, and translated code resolves static targets once.
 */
public final class AddressOwnershipMap {
    /** One claimed range: {@code [start, start + length)}, addresses unsigned. */
    public record Claim(long start, long length, AddressOwner owner) {
        public long end() { return start + length; }

        public boolean contains(long address) { return address >= start && address < end(); }
    }

    private final TreeMap<Long, Claim> claims = new TreeMap<>();

    /** Claims {@code length > 0} bytes at {@code start}; fails if any byte is already claimed. */
    public synchronized void claim(int start, long length, AddressOwner owner) {
        long from = Integer.toUnsignedLong(start);
        if (length <= 0 || from + length > (1L << 32)) {
            throw new IllegalArgumentException(String.format("bad range 0x%08x + 0x%x for %s", start, length, owner));
        }
        Map.Entry<Long, Claim> before = claims.floorEntry(from + length - 1);
        if (before != null && before.getValue().end() > from) {
            throw new IllegalStateException(String.format("0x%08x + 0x%x for %s overlaps %s at 0x%08x",
                    start, length, owner, before.getValue().owner(), before.getKey()));
        }
        claims.put(from, new Claim(from, length, owner));
    }

    /** Releases the claim that starts at {@code start}; fails if there is none. */
    public synchronized void release(int start) {
        if (claims.remove(Integer.toUnsignedLong(start)) == null) {
            throw new IllegalStateException(String.format("no claim starts at 0x%08x", start));
        }
    }

    /** The owner of {@code address}, if any claim holds it. */
    public synchronized Optional<AddressOwner> ownerOf(int address) {
        long at = Integer.toUnsignedLong(address);
        Map.Entry<Long, Claim> entry = claims.floorEntry(at);
        return entry != null && entry.getValue().contains(at) ? Optional.of(entry.getValue().owner()) : Optional.empty();
    }

    /** Every claim in ascending address order. */
    public synchronized List<Claim> claims() {
        return new ArrayList<>(claims.values());
    }
}
