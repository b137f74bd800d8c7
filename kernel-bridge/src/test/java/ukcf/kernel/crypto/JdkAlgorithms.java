package ukcf.kernel.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** Test stand-ins for drivers: the JDK's ciphers and digests behind the crypto API's interfaces. */
final class JdkAlgorithms {
    private JdkAlgorithms() { }

    /** One block at a time through the JDK's ECB, as a driver's cia_encrypt/cia_decrypt would be called. */
    static BlockCipher cipher(String jdkName, String name, int blockSize, int minKey, int maxKey) {
        return new BlockCipher() {
            public String name() { return name; }
            public String driverName() { return name + "-jdk"; }
            public int priority() { return 100; }
            public int blockSize() { return blockSize; }
            public int minKeySize() { return minKey; }
            public int maxKeySize() { return maxKey; }

            public Instance newInstance() {
                return new Instance() {
                    private Cipher encryptor, decryptor;

                    public void setKey(byte[] key) throws CryptoException {
                        if (key.length < minKey || key.length > maxKey) throw new CryptoException(CryptoException.EINVAL, "key length");
                        try {
                            encryptor = Cipher.getInstance(jdkName + "/ECB/NoPadding");
                            encryptor.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, jdkName));
                            decryptor = Cipher.getInstance(jdkName + "/ECB/NoPadding");
                            decryptor.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, jdkName));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    public void encrypt(byte[] in, int inOffset, byte[] out, int outOffset) {
                        run(encryptor, in, inOffset, out, outOffset);
                    }

                    public void decrypt(byte[] in, int inOffset, byte[] out, int outOffset) {
                        run(decryptor, in, inOffset, out, outOffset);
                    }

                    private void run(Cipher c, byte[] in, int inOffset, byte[] out, int outOffset) {
                        try {
                            byte[] block = c.doFinal(Arrays.copyOfRange(in, inOffset, inOffset + blockSize));
                            System.arraycopy(block, 0, out, outOffset, blockSize);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
            }
        };
    }

    static Hash digest(String jdkName, String name, int blockSize, int digestSize) {
        return new Hash() {
            public String name() { return name; }
            public String driverName() { return name + "-jdk"; }
            public int priority() { return 100; }
            public int blockSize() { return blockSize; }
            public int digestSize() { return digestSize; }
            public boolean keyed() { return false; }

            public Instance newInstance() {
                return new Instance() {
                    private MessageDigest md;

                    public void setKey(byte[] key) throws CryptoException {
                        throw new CryptoException(CryptoException.EINVAL, "unkeyed");
                    }

                    public void init() {
                        try {
                            md = MessageDigest.getInstance(jdkName);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    public void update(byte[] data, int offset, int length) { md.update(data, offset, length); }

                    public byte[] finish() { return md.digest(); }

                    public byte[] exportState() throws CryptoException {
                        throw new CryptoException(CryptoException.EINVAL, "not exportable");
                    }

                    public void importState(byte[] state) throws CryptoException {
                        throw new CryptoException(CryptoException.EINVAL, "not importable");
                    }
                };
            }
        };
    }
}
