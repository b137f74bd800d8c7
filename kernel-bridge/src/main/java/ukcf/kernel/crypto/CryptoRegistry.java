package ukcf.kernel.crypto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The host kernel's algorithm list (crypto/api.c, algapi.c): drivers register and unregister algorithms; a lookup
 * by name takes the highest-priority match of the requested type, or by driver name exactly one; a name of the form
 * {@code template(inner)} is built from a template the host provides natively (ecb, cbc, ctr, hmac) over the inner
 * algorithm, registered like any other so that it shows in /proc/crypto.
 */
public final class CryptoRegistry {
    private final List<Algorithm> algorithms = new ArrayList<>();

    public synchronized void register(Algorithm algorithm) throws CryptoException {
        for (Algorithm a : algorithms) {
            if (a.driverName().equals(algorithm.driverName())) {
                throw new CryptoException(CryptoException.EEXIST, "algorithm " + algorithm.driverName() + " is already registered");
            }
        }
        algorithms.add(algorithm);
    }

    /** Removes {@code algorithm} and every template instance built over it. */
    public synchronized void unregister(Algorithm algorithm) {
        algorithms.remove(algorithm);
        algorithms.removeIf(a -> a.driverName().contains("(" + algorithm.driverName() + ")"));
    }

    /** Every registered algorithm and template instance, in registration order (/proc/crypto lists them). */
    public synchronized List<Algorithm> all() { return List.copyOf(algorithms); }

    /** The algorithm {@code name} (or driver name) of {@code type}; ENOENT when there is none. */
    public synchronized <T extends Algorithm> T find(String name, Class<T> type) throws CryptoException {
        Optional<T> registered = algorithms.stream().filter(type::isInstance).map(type::cast)
                .filter(a -> a.name().equals(name) || a.driverName().equals(name))
                .max(Comparator.comparingInt(Algorithm::priority));
        if (registered.isPresent()) return registered.get();
        T built = fromTemplate(name, type);
        if (built == null) throw new CryptoException(CryptoException.ENOENT, "no " + typeName(type) + " algorithm " + name);
        algorithms.add(built);
        return built;
    }

    private <T extends Algorithm> T fromTemplate(String name, Class<T> type) throws CryptoException {
        int open = name.indexOf('(');
        if (open <= 0 || !name.endsWith(")")) return null;
        String template = name.substring(0, open), inner = name.substring(open + 1, name.length() - 1);
        if (type == Skcipher.class) {
            for (BlockModes mode : BlockModes.values()) {
                if (mode.templateName().equals(template)) return type.cast(mode.over(find(inner, BlockCipher.class)));
            }
        }
        if (type == Hash.class && template.equals(Hmac.TEMPLATE)) return type.cast(new Hmac(find(inner, Hash.class)));
        return null;
    }

    private static String typeName(Class<?> type) {
        return type == Skcipher.class ? "skcipher" : type == Hash.class ? "hash" : "cipher";
    }

    /** /proc/crypto as crypto/proc.c prints it, newest first. */
    public synchronized String procCrypto() {
        StringBuilder s = new StringBuilder();
        for (int i = algorithms.size() - 1; i >= 0; i--) {
            Algorithm a = algorithms.get(i);
            s.append(field("name", a.name())).append(field("driver", a.driverName()))
                    .append(field("module", a.module() == null ? "kernel" : a.module()))
                    .append(field("priority", a.priority())).append(field("refcnt", 1))
                    .append(field("selftest", "passed")).append(field("internal", "no"));
            if (a instanceof BlockCipher c) {
                s.append(field("type", "cipher")).append(field("blocksize", c.blockSize()))
                        .append(field("min keysize", c.minKeySize())).append(field("max keysize", c.maxKeySize()));
            } else if (a instanceof Skcipher k) {
                s.append(field("type", "skcipher")).append(field("async", "no"))
                        .append(field("blocksize", k.blockSize())).append(field("min keysize", k.minKeySize()))
                        .append(field("max keysize", k.maxKeySize())).append(field("ivsize", k.ivSize()))
                        .append(field("chunksize", k.blockSize())).append(field("walksize", k.blockSize()));
            } else if (a instanceof Hash h) {
                s.append(field("type", "shash")).append(field("blocksize", h.blockSize()))
                        .append(field("digestsize", h.digestSize()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String field(String name, Object value) {
        return String.format("%-12s : %s%n", name, value);
    }
}
