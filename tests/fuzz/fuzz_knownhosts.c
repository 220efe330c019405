/*
 * libFuzzer target: known_hosts text on any bytes — the verdict for a few
 * names and keys, and the property every known_hosts reader must keep:
 * once the line for a name and key is appended (plain or hashed), that
 * key is known or revoked, never unknown, other or changed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/remote/knownhosts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "kvm1", "[127.0.0.1]:2222",
	    "KVM1.example.org" };
	static const char blob[] =
	    "AAAAC3NzaC1lZDI1NTE5AAAAIPF1BDf7ahczsdJo5x1iSxu1GevDkLpZ6Wz5/yQFmdEe";
	static const unsigned char salt[20] = { 1, 2, 3 };
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int line = 0;

		(void)knownhosts_check(text, size, names[i], "ssh-ed25519", blob,
		    &line);
		for (int hashed = 0; hashed < 2; hashed++) {
			char *add = knownhosts_line(names[i], "ssh-ed25519",
			    blob, hashed ? salt : NULL);
			size_t len = strlen(text), alen = strlen(add);
			char *more = malloc(len + alen + 2);
			enum knownhosts_verdict v;

			/* a file without a final newline gets one first */
			memcpy(more, text, len);
			more[len] = '\n';
			memcpy(more + len + 1, add, alen + 1);
			v = knownhosts_check(more, len + 1 + alen, names[i], "ssh-ed25519",
			    blob, &line);
			if (v != KNOWNHOSTS_KNOWN && v != KNOWNHOSTS_REVOKED)
				abort();
			free(more);
			free(add);
		}
	}
	free(text);
	return 0;
}
