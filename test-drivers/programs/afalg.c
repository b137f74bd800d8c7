/*
 * afalg: a client of the kernel crypto API's user interface (AF_ALG sockets), used to check crypto modules loaded
 * into a kernel (Debian's blowfish, des, sha3, md4, michael_mic, crc32 modules) against an independent
 * implementation.
 *
 *   afalg CASES               runs the cases in the file CASES
 *   afalg random SEED COUNT ALGORITHMS
 *                             runs COUNT pseudo-random cases for each algorithm listed in the file ALGORITHMS
 *
 * A case line is "operation algorithm key iv input [expected]", fields in hex or "-" for empty; operation is
 * encrypt or decrypt (skcipher sockets) or digest (hash sockets). An algorithm line is
 * "kind algorithm key-bytes iv-bytes length-unit" with key-bytes either N or MIN-MAX.
 *
 * Every case prints one line "operation algorithm key iv input output" (output "error:ENAME" when the kernel
 * refuses), so the output alone says what was computed and a checker can recompute it. Exit status: 0 all good,
 * 1 an output differs from its expected column, 2 bad usage or input file, 3 some algorithm was unavailable.
 *
 * Skcipher cases go through sendmsg with ALG_SET_OP and ALG_SET_IV control messages; hash cases send the input in
 * two parts (MSG_MORE, then the rest) so the update path runs twice before the final read.
 */
#include <errno.h>
#include <linux/if_alg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define MAX_BYTES 4096
#define MAX_FIELD (2 * MAX_BYTES + 2)

struct bytes {
	size_t length;
	unsigned char data[MAX_BYTES];
};

struct test_case {
	char operation[16];
	char algorithm[64];
	struct bytes key, iv, input, expected;
	int has_expected;
};

#include "errno-names.h"

static int parse_hex(const char *text, struct bytes *out)
{
	size_t length = strlen(text);
	out->length = 0;
	if (strcmp(text, "-") == 0)
		return 0;
	if (length % 2 != 0 || length / 2 > MAX_BYTES)
		return -1;
	for (size_t i = 0; i < length; i += 2) {
		unsigned value;
		if (sscanf(text + i, "%2x", &value) != 1)
			return -1;
		out->data[out->length++] = (unsigned char)value;
	}
	return 0;
}

static void print_hex(const struct bytes *value)
{
	if (value->length == 0)
		fputs("-", stdout);
	for (size_t i = 0; i < value->length; i++)
		printf("%02x", value->data[i]);
}

/* Runs one case; on success fills output and returns 0, else returns the errno of the failing call. */
static int run_case(const struct test_case *c, struct bytes *output)
{
	int is_hash = strcmp(c->operation, "digest") == 0;
	struct sockaddr_alg address = {.salg_family = AF_ALG};
	int error = 0, tfm, op = -1;

	snprintf((char *)address.salg_type, sizeof(address.salg_type), "%s", is_hash ? "hash" : "skcipher");
	snprintf((char *)address.salg_name, sizeof(address.salg_name), "%s", c->algorithm);
	tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm < 0)
		return errno;
	if (bind(tfm, (struct sockaddr *)&address, sizeof(address)) < 0
	    || (c->key.length > 0 && setsockopt(tfm, SOL_ALG, ALG_SET_KEY, c->key.data, c->key.length) < 0)
	    || (op = accept(tfm, NULL, 0)) < 0) {
		error = errno;
		goto out;
	}
	if (is_hash) {
		size_t first = c->input.length / 2;
		if (send(op, c->input.data, first, MSG_MORE) != (ssize_t)first
		    || send(op, c->input.data + first, c->input.length - first, 0) != (ssize_t)(c->input.length - first)) {
			error = errno;
			goto out;
		}
		ssize_t got = read(op, output->data, MAX_BYTES);
		if (got < 0) {
			error = errno;
			goto out;
		}
		output->length = (size_t)got;
	} else {
		char control[CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(struct af_alg_iv) + 64)];
		struct iovec vector = {.iov_base = (void *)c->input.data, .iov_len = c->input.length};
		struct msghdr message = {.msg_iov = &vector, .msg_iovlen = 1, .msg_control = control};
		struct cmsghdr *header;

		memset(control, 0, sizeof(control));
		message.msg_controllen = CMSG_SPACE(sizeof(uint32_t))
			+ (c->iv.length > 0 ? CMSG_SPACE(sizeof(struct af_alg_iv) + c->iv.length) : 0);
		header = CMSG_FIRSTHDR(&message);
		header->cmsg_level = SOL_ALG;
		header->cmsg_type = ALG_SET_OP;
		header->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(header) = strcmp(c->operation, "encrypt") == 0 ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;
		if (c->iv.length > 0) {
			struct af_alg_iv *iv;
			header = CMSG_NXTHDR(&message, header);
			header->cmsg_level = SOL_ALG;
			header->cmsg_type = ALG_SET_IV;
			header->cmsg_len = CMSG_LEN(sizeof(struct af_alg_iv) + c->iv.length);
			iv = (struct af_alg_iv *)CMSG_DATA(header);
			iv->ivlen = c->iv.length;
			memcpy(iv->iv, c->iv.data, c->iv.length);
		}
		if (sendmsg(op, &message, 0) != (ssize_t)c->input.length) {
			error = errno;
			goto out;
		}
		size_t done = 0;
		while (done < c->input.length) {
			ssize_t got = read(op, output->data + done, c->input.length - done);
			if (got <= 0) {
				error = got < 0 ? errno : EIO;
				goto out;
			}
			done += (size_t)got;
		}
		output->length = done;
	}
out:
	if (op >= 0)
		close(op);
	close(tfm);
	return error;
}

struct totals {
	int mismatches, unavailable;
};

static void report(const struct test_case *c, struct totals *totals, int line)
{
	static struct bytes output;
	int error;

	output.length = 0;
	error = run_case(c, &output);
	printf("%s %s ", c->operation, c->algorithm);
	print_hex(&c->key);
	putchar(' ');
	print_hex(&c->iv);
	putchar(' ');
	print_hex(&c->input);
	putchar(' ');
	if (error) {
		printf("error:%s\n", error_name(error));
		if (error == ENOENT || error == EAFNOSUPPORT)
			totals->unavailable++;
		else if (c->has_expected)
			totals->mismatches++;
	} else {
		print_hex(&output);
		putchar('\n');
		if (c->has_expected && (output.length != c->expected.length
					|| memcmp(output.data, c->expected.data, output.length) != 0)) {
			fprintf(stderr, "afalg: line %d: %s %s: output differs from the expected answer\n", line,
				c->operation, c->algorithm);
			totals->mismatches++;
		}
	}
	fflush(stdout);
}

static FILE *open_input(const char *path)
{
	FILE *file = fopen(path, "r");
	if (!file) {
		fprintf(stderr, "afalg: cannot open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return file;
}

static int is_blank_or_comment(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '#' || *line == '\n' || *line == '\0';
}

static int run_case_file(const char *path, struct totals *totals)
{
	static char line[5 * MAX_FIELD], fields[6][MAX_FIELD];
	static struct test_case c;
	FILE *file = open_input(path);
	int number = 0;

	while (fgets(line, sizeof(line), file)) {
		number++;
		if (is_blank_or_comment(line))
			continue;
		int count = sscanf(line, "%15s %63s %8193s %8193s %8193s %8193s", fields[0], fields[1], fields[2],
				   fields[3], fields[4], fields[5]);
		if (count < 5 || parse_hex(fields[2], &c.key) || parse_hex(fields[3], &c.iv)
		    || parse_hex(fields[4], &c.input) || (count == 6 && parse_hex(fields[5], &c.expected))) {
			fprintf(stderr, "afalg: %s:%d: expected \"operation algorithm key iv input [expected]\" in hex\n",
				path, number);
			exit(2);
		}
		strcpy(c.operation, fields[0]);
		strcpy(c.algorithm, fields[1]);
		c.has_expected = count == 6 && strcmp(fields[5], "-") != 0;
		report(&c, totals, number);
	}
	fclose(file);
	return 0;
}

/* splitmix64: a fixed, well-known generator, so a seed names the same inputs on every platform. */
static uint64_t random_state;

static uint64_t next_random(void)
{
	uint64_t z = (random_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned random_below(unsigned bound)
{
	return (unsigned)(next_random() % bound);
}

static void random_bytes(struct bytes *out, size_t length)
{
	out->length = length;
	for (size_t i = 0; i < length; i++)
		out->data[i] = (unsigned char)next_random();
}

static int run_random(const char *seed_text, const char *count_text, const char *path, struct totals *totals)
{
	static char line[512];
	static struct test_case c;
	char kind[16], algorithm[64], key_range[32];
	unsigned key_min, key_max, iv_bytes, unit;
	char *end;
	long count = strtol(count_text, &end, 10);
	int number = 0;

	if (*end != '\0' || count < 1 || count > 100000) {
		fprintf(stderr, "afalg: COUNT must be a number from 1 to 100000, not '%s'\n", count_text);
		exit(2);
	}
	random_state = strtoull(seed_text, &end, 0);
	if (*end != '\0' || *seed_text == '\0') {
		fprintf(stderr, "afalg: SEED must be a number, not '%s'\n", seed_text);
		exit(2);
	}
	FILE *file = open_input(path);

	while (fgets(line, sizeof(line), file)) {
		number++;
		if (is_blank_or_comment(line))
			continue;
		if (sscanf(line, "%15s %63s %31s %u %u", kind, algorithm, key_range, &iv_bytes, &unit) != 5
		    || (sscanf(key_range, "%u-%u", &key_min, &key_max) != 2
			&& (sscanf(key_range, "%u", &key_min) != 1 || (key_max = key_min, 0)))
		    || unit == 0 || iv_bytes > 64 || key_max > 256 || key_min > key_max) {
			fprintf(stderr, "afalg: %s:%d: expected \"kind algorithm key-bytes iv-bytes length-unit\"\n",
				path, number);
			exit(2);
		}
		for (long i = 0; i < count; i++) {
			int is_hash = strcmp(kind, "hash") == 0;
			strcpy(c.operation, is_hash ? "digest" : (i % 2 == 0 ? "encrypt" : "decrypt"));
			strcpy(c.algorithm, algorithm);
			random_bytes(&c.key, key_min + random_below(key_max - key_min + 1));
			random_bytes(&c.iv, iv_bytes);
			/* hashes also see the empty message; ciphers get 1..40 units (block modes need whole blocks) */
			random_bytes(&c.input, is_hash ? random_below(300) : unit * (1 + random_below(40)));
			c.has_expected = 0;
			report(&c, totals, number);
		}
	}
	fclose(file);
	return 0;
}

int main(int argc, char **argv)
{
	struct totals totals = {0, 0};

	if (argc == 2)
		run_case_file(argv[1], &totals);
	else if (argc == 5 && strcmp(argv[1], "random") == 0)
		run_random(argv[2], argv[3], argv[4], &totals);
	else {
		fprintf(stderr, "usage: afalg CASES | afalg random SEED COUNT ALGORITHMS\n");
		return 2;
	}
	if (totals.mismatches)
		return 1;
	return totals.unavailable ? 3 : 0;
}
