package ukcf.kernel.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The native templates over a block cipher and a hash, checked against the JDK's own modes and HMAC. */
class CryptoRegistryTest {
    private static CryptoRegistry registry() throws CryptoException {
        CryptoRegistry r = new CryptoRegistry();
        r.register(JdkAlgorithms.cipher("Blowfish", "blowfish", 8, 4, 56));
        r.register(JdkAlgorithms.cipher("DES", "des", 8, 8, 8));
        r.register(JdkAlgorithms.digest("SHA-256", "sha256", 64, 32));
        return r;
    }

    @ParameterizedTest
    @CsvSource({"ecb,blowfish,Blowfish,ECB,16", "cbc,blowfish,Blowfish,CBC,16", "ctr,blowfish,Blowfish,CTR,16",
            "ecb,des,DES,ECB,8", "cbc,des,DES,CBC,8", "ctr,des,DES,CTR,8"})
    void modesMatchTheJdk(String mode, String cipher, String jdkCipher, String jdkMode, int keyLength) throws Exception {
        Random random = new Random(mode.hashCode() * 31L + cipher.hashCode());
        Skcipher alg = registry().find(mode + "(" + cipher + ")", Skcipher.class);
        assertEquals(mode + "(" + cipher + "-jdk)", alg.driverName());
        for (int length : mode.equals("ctr") ? new int[] {0, 1, 7, 8, 9, 63, 4096 + 5} : new int[] {0, 8, 64, 4096}) {
            byte[] key = new byte[keyLength], iv = new byte[alg.ivSize()], data = new byte[length];
            random.nextBytes(key);
            random.nextBytes(iv);
            random.nextBytes(data);
            if (mode.equals("ctr")) iv[7] = (byte) 0xFF; // exercise the carry across bytes
            Cipher jdk = Cipher.getInstance(jdkCipher + "/" + jdkMode + "/NoPadding");
            SecretKeySpec spec = new SecretKeySpec(key, jdkCipher);
            if (iv.length == 0) jdk.init(Cipher.ENCRYPT_MODE, spec);
            else jdk.init(Cipher.ENCRYPT_MODE, spec, new IvParameterSpec(iv));
            byte[] expected = jdk.doFinal(data);

            Skcipher.Instance t = alg.newInstance();
            t.setKey(key);
            byte[] out = new byte[length], chain = iv.clone();
            // two requests chained through the IV equal one request when the first ends on a cipher block
            int half = length / 2 / 8 * 8;
            t.encrypt(chain, data, 0, out, 0, half);
            t.encrypt(chain, data, half, out, half, length - half);
            assertArrayEquals(expected, out, mode + "(" + cipher + ") " + length + " bytes");

            byte[] back = out.clone();
            t.decrypt(iv.clone(), back, 0, back, 0, length);
            assertArrayEquals(data, back, "in-place decryption");
        }
    }

    @Test
    void partialBlocksAreRefusedOutsideCounterMode() throws Exception {
        Skcipher.Instance t = registry().find("cbc(blowfish)", Skcipher.class).newInstance();
        t.setKey(new byte[16]);
        CryptoException e = assertThrows(CryptoException.class, () -> t.encrypt(new byte[8], new byte[9], 0, new byte[9], 0, 9));
        assertEquals(CryptoException.EINVAL, e.errno());
    }

    @Test
    void hmacMatchesRfc4231AndTheJdkForLongKeys() throws Exception {
        Hash hmac = registry().find("hmac(sha256)", Hash.class);
        Hash.Instance h = hmac.newInstance();
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        h.setKey(key);
        h.init();
        h.update("Hi There".getBytes(), 0, 8);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", HexFormat.of().formatHex(h.finish()));

        byte[] longKey = new byte[131];
        new Random(7).nextBytes(longKey);
        byte[] message = new byte[1000];
        new Random(8).nextBytes(message);
        h.setKey(longKey);
        h.init();
        h.update(message, 0, 1000);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(longKey, "HmacSHA256"));
        assertArrayEquals(jdk.doFinal(message), h.finish());
    }

    @Test
    void lookupsByNameTypeAndPriority() throws Exception {
        CryptoRegistry r = registry();
        assertThrows(CryptoException.class, () -> r.find("sha256", Skcipher.class));
        assertEquals(CryptoException.ENOENT, assertThrows(CryptoException.class, () -> r.find("xts(blowfish)", Skcipher.class)).errno());
        assertEquals(CryptoException.EEXIST, assertThrows(CryptoException.class,
                () -> r.register(JdkAlgorithms.cipher("DES", "des", 8, 8, 8))).errno());
        r.find("cbc(des)", Skcipher.class);
        assertTrue(r.procCrypto().contains("name         : cbc(des)\ndriver       : cbc(des-jdk)\n"), r.procCrypto());
        r.unregister(r.find("des", BlockCipher.class));
        assertTrue(!r.procCrypto().contains("des"), "the template instance goes with its cipher");
    }
}
