/* CRC-32 (IEEE 802.3, reflected, table-driven) over a generated buffer, repeated: a table-lookup and shift loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t table[256];

static void make_table(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n) {
    crc = ~crc;
    while (n--) crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 8;
    size_t size = 4 << 20;
    uint8_t *buffer = malloc(size);
    uint32_t x = 12345;
    for (size_t i = 0; i < size; i++) { x = x * 1103515245u + 12345u; buffer[i] = x >> 24; }
    make_table();
    uint32_t crc = 0;
    for (int r = 0; r < rounds; r++) crc = crc32(crc, buffer, size);
    printf("crc32 of %d x %zu bytes: %08x\n", rounds, size, crc);
    return 0;
}
