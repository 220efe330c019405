#include "sample.h"

#include <stdlib.h>

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

void
sample_sort(int64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_i64);
}
