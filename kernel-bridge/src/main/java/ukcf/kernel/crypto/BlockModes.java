package ukcf.kernel.crypto;

/**
 * The block-cipher mode templates the host kernel provides natively (crypto/ecb.c, cbc.c, ctr.c): each turns a
 * registered single-block cipher, whatever implements it (a foreign driver's cia_encrypt through its shell, or
 * Java), into an skcipher named {@code mode(cipher)}.
 */
public enum BlockModes {
    ECB("ecb") {
        @Override
        void crypt(BlockCipher.Instance c, boolean encrypt, int bs, byte[] iv, byte[] in, int inOff, byte[] out,
                   int outOff, int length) throws CryptoException {
            requireWholeBlocks(length, bs);
            for (int i = 0; i < length; i += bs) {
                if (encrypt) c.encrypt(in, inOff + i, out, outOff + i);
                else c.decrypt(in, inOff + i, out, outOff + i);
            }
        }
    },
    CBC("cbc") {
        @Override
        void crypt(BlockCipher.Instance c, boolean encrypt, int bs, byte[] iv, byte[] in, int inOff, byte[] out,
                   int outOff, int length) throws CryptoException {
            requireWholeBlocks(length, bs);
            byte[] block = new byte[bs], saved = new byte[bs];
            for (int i = 0; i < length; i += bs) {
                if (encrypt) {
                    for (int k = 0; k < bs; k++) block[k] = (byte) (in[inOff + i + k] ^ iv[k]);
                    c.encrypt(block, 0, out, outOff + i);
                    System.arraycopy(out, outOff + i, iv, 0, bs);
                } else {
                    System.arraycopy(in, inOff + i, saved, 0, bs); // in and out may overlap
                    c.decrypt(saved, 0, block, 0);
                    for (int k = 0; k < bs; k++) out[outOff + i + k] = (byte) (block[k] ^ iv[k]);
                    System.arraycopy(saved, 0, iv, 0, bs);
                }
            }
        }
    },
    /** Counter mode: the whole IV block is a big-endian counter (crypto_inc); a final partial block is allowed. */
    CTR("ctr") {
        @Override
        void crypt(BlockCipher.Instance c, boolean encrypt, int bs, byte[] iv, byte[] in, int inOff, byte[] out,
                   int outOff, int length) throws CryptoException {
            byte[] keystream = new byte[bs];
            for (int i = 0; i < length; i += bs) {
                c.encrypt(iv, 0, keystream, 0);
                for (int k = 0; k < bs && i + k < length; k++) out[outOff + i + k] = (byte) (in[inOff + i + k] ^ keystream[k]);
                for (int k = bs - 1; k >= 0 && ++iv[k] == 0; k--) { } // big-endian increment with carry
            }
        }

        @Override
        int blockSize(BlockCipher cipher) { return 1; }
    };

    private final String templateName;

    BlockModes(String templateName) { this.templateName = templateName; }

    public String templateName() { return templateName; }

    abstract void crypt(BlockCipher.Instance cipher, boolean encrypt, int blockSize, byte[] iv, byte[] in, int inOffset,
                        byte[] out, int outOffset, int length) throws CryptoException;

    /** The mode's cra_blocksize: the cipher's, except for stream-like counter mode. */
    int blockSize(BlockCipher cipher) { return cipher.blockSize(); }

    int ivSize(BlockCipher cipher) { return this == ECB ? 0 : cipher.blockSize(); }

    private static void requireWholeBlocks(int length, int blockSize) throws CryptoException {
        if (length % blockSize != 0) {
            throw new CryptoException(CryptoException.EINVAL, length + " bytes is not a whole number of "
                    + blockSize + "-byte blocks");
        }
    }

    /** The skcipher {@code mode(cipher)}. */
    public Skcipher over(BlockCipher cipher) {
        BlockModes mode = this;
        return new Skcipher() {
            public String name() { return templateName + "(" + cipher.name() + ")"; }
            public String driverName() { return templateName + "(" + cipher.driverName() + ")"; }
            public int priority() { return cipher.priority(); }
            public int blockSize() { return mode.blockSize(cipher); }
            public String module() { return cipher.module(); }
            public int minKeySize() { return cipher.minKeySize(); }
            public int maxKeySize() { return cipher.maxKeySize(); }
            public int ivSize() { return mode.ivSize(cipher); }

            public Instance newInstance() throws CryptoException {
                BlockCipher.Instance c = cipher.newInstance();
                int bs = cipher.blockSize();
                return new Instance() {
                    public void setKey(byte[] key) throws CryptoException { c.setKey(key); }

                    public void encrypt(byte[] iv, byte[] in, int inOff, byte[] out, int outOff, int length)
                            throws CryptoException {
                        mode.crypt(c, true, bs, iv, in, inOff, out, outOff, length);
                    }

                    public void decrypt(byte[] iv, byte[] in, int inOff, byte[] out, int outOff, int length)
                            throws CryptoException {
                        mode.crypt(c, false, bs, iv, in, inOff, out, outOff, length);
                    }

                    public void close() { c.close(); }
                };
            }
        };
    }
}
