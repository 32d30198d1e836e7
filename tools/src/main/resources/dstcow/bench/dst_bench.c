/*
 * dstcow's native baseline: the accesses of the JMH benchmarks (MetricReadBench,
 * WritePathBench, FalseSharingBench) in C, over the same struct layouts.
 *
 * Every offset and size comes from dst_offsets.h, which dstcow generates from its layout
 * module for the host ABI (and checks against this compiler with _Static_assert in
 * dst_layout_check_*.c): nothing here is typed by hand. Built with gcc -O2 by `dstcow bench`.
 *
 * Each measured operation is one iteration of a loop, like one JMH invocation: its inputs
 * are laundered through an empty asm so the compiler must redo every load, and its result
 * is consumed by another, so nothing is hoisted or eliminated.
 *
 * Output: one line per figure, "RESULT <name> <value> <unit>", and "INFO <text>" lines.
 * Usage: dst_bench [--quick] [read] [write] [false-sharing]
 *
 * SPDX-License-Identifier: GPL-2.0-only (the accessors are include/net/dst.h and
 * net/core/dst.c of Linux 62fa8a846d7d and its parent, rewritten over raw offsets).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dst_offsets.h"

typedef uint32_t u32;

/* The value of x is unknown to the compiler after this: loads through it are redone. */
#define LAUNDER(x) __asm__ volatile("" : "+r"(x))
/* The value is used: the computation of it cannot be dropped. */
#define CONSUME(x) __asm__ volatile("" : : "r"(x))

#define FIELD(type, base, off) (*(type *)((char *)(base) + (off)))

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void *zalloc_lines(size_t size)
{
	size_t rounded = (size + L1_CACHE_BYTES - 1) / L1_CACHE_BYTES * L1_CACHE_BYTES;
	void *p = aligned_alloc(L1_CACHE_BYTES, rounded);
	if (!p) {
		fprintf(stderr, "dst_bench: out of memory\n");
		exit(3);
	}
	memset(p, 0, rounded);
	return p;
}

static int quick;

/* How long each measurement round runs, and how many rounds (after as many warmup rounds). */
static double round_ns(void) { return quick ? 100e6 : 500e6; }
static int rounds(void) { return quick ? 3 : 5; }

/* ---- the route's metrics and the ops table -------------------------------------------- */

static u32 *fib_metrics;          /* fi->fib_metrics: shared, read-only once published */
static char *patched_ops;         /* struct dst_ops (62fa8a84) */
static char *parent_ops;          /* struct dst_ops (parent) */

typedef unsigned int (*default_mtu_fn)(const char *dst);
typedef u32 *(*cow_metrics_fn)(char *dst, unsigned long old);

static unsigned int bench_default_mtu(const char *dst)
{
	(void)dst;
	return DEVICE_MTU;
}

/* ---- kmalloc-64: a freelist, like SLUB's per-CPU fast path ------------------------------- */

static void *kmalloc64_free;

static void kmalloc64_init(size_t objects)
{
	char *slab = zalloc_lines(objects * 64);
	for (size_t i = 0; i < objects; i++) {
		*(void **)(slab + i * 64) = kmalloc64_free;
		kmalloc64_free = slab + i * 64;
	}
}

static void *kmalloc64(void)
{
	void *p = kmalloc64_free;
	if (p)
		kmalloc64_free = *(void **)p;
	return p;
}

static void kfree64(void *p)
{
	*(void **)p = kmalloc64_free;
	kmalloc64_free = p;
}

/* ---- include/net/dst.h and net/core/dst.c, 62fa8a84 ------------------------------------- */

static inline u32 *patched_DST_METRICS_PTR(const char *dst)
{
	return (u32 *)(FIELD(unsigned long, dst, PATCHED_OFF__metrics) & ~DST_METRICS_READ_ONLY);
}

static inline u32 patched_dst_metric_raw(const char *dst, int metric)
{
	u32 *p = patched_DST_METRICS_PTR(dst);
	return p[metric - 1];
}

static inline u32 patched_dst_mtu(const char *dst)
{
	u32 mtu = patched_dst_metric_raw(dst, RTAX_MTU);
	if (!mtu) {
		const char *ops = FIELD(const char *, dst, PATCHED_OFF_ops);
		mtu = FIELD(default_mtu_fn, ops, PATCHED_OPS_OFF_default_mtu)(dst);
	}
	return mtu;
}

static u32 *dst_cow_metrics_generic(char *dst, unsigned long old)
{
	u32 *p = kmalloc64();   /* kmalloc(sizeof(u32) * RTAX_MAX, GFP_ATOMIC) */

	if (p) {
		u32 *old_p = (u32 *)(old & ~DST_METRICS_READ_ONLY);
		unsigned long prev, new = (unsigned long)p;

		memcpy(p, old_p, METRICS_BYTES);
		prev = __sync_val_compare_and_swap(&FIELD(unsigned long, dst, PATCHED_OFF__metrics), old, new);
		if (prev != old) {
			kfree64(p);
			p = (u32 *)(prev & ~DST_METRICS_READ_ONLY);
			if (prev & DST_METRICS_READ_ONLY)
				p = NULL;
		}
	}
	return p;
}

static inline u32 *dst_metrics_write_ptr(char *dst)
{
	unsigned long p = FIELD(unsigned long, dst, PATCHED_OFF__metrics);

	if (p & DST_METRICS_READ_ONLY) {
		char *ops = FIELD(char *, dst, PATCHED_OFF_ops);
		return FIELD(cow_metrics_fn, ops, PATCHED_OPS_OFF_cow_metrics)(dst, p);
	}
	return (u32 *)(p & ~DST_METRICS_READ_ONLY);
}

static inline void patched_dst_metric_set(char *dst, int metric, u32 val)
{
	u32 *p = dst_metrics_write_ptr(dst);

	if (p)
		p[metric - 1] = val;
}

/* ---- include/net/dst.h, the parent -------------------------------------------------------- */

static inline u32 parent_dst_metric_raw(const char *dst, int metric)
{
	return ((const u32 *)(dst + PARENT_OFF__metrics))[metric - 1];
}

static inline u32 parent_dst_mtu(const char *dst)
{
	u32 mtu = parent_dst_metric_raw(dst, RTAX_MTU);
	if (!mtu) {
		const char *ops = FIELD(const char *, dst, PARENT_OFF_ops);
		mtu = FIELD(default_mtu_fn, ops, PARENT_OPS_OFF_default_mtu)(dst);
	}
	return mtu;
}

static inline void parent_dst_metric_set(char *dst, int metric, u32 val)
{
	((u32 *)(dst + PARENT_OFF__metrics))[metric - 1] = val;
}

/* ---- entries ------------------------------------------------------------------------------ */

static char *patched_route(void)
{
	char *dst = zalloc_lines(PATCHED_SIZE);
	FIELD(char *, dst, PATCHED_OFF_ops) = patched_ops;
	/* dst_init_metrics(dst, fi->fib_metrics, true) */
	FIELD(unsigned long, dst, PATCHED_OFF__metrics) = (unsigned long)fib_metrics | DST_METRICS_READ_ONLY;
	return dst;
}

static char *parent_route(void)
{
	char *dst = zalloc_lines(PARENT_SIZE);
	FIELD(char *, dst, PARENT_OFF_ops) = parent_ops;
	/* dst_import_metrics(dst, fi->fib_metrics) */
	memcpy(dst + PARENT_OFF__metrics, fib_metrics, METRICS_BYTES);
	return dst;
}

/* ---- metric reads --------------------------------------------------------------------------- */

/* Runs `expr` (which may use `dst` and `metric`) `iters` times; returns ns per iteration. */
#define READ_LOOP(fname, expr)                                          \
	static double fname(const char *dst0, int metric0, long iters)  \
	{                                                               \
		double t0 = now_ns();                                   \
		for (long i = 0; i < iters; i++) {                      \
			const char *dst = dst0;                         \
			int metric = metric0;                           \
			LAUNDER(dst);                                   \
			LAUNDER(metric);                                \
			u32 v = (expr);                                 \
			(void)metric;                                   \
			CONSUME(v);                                     \
		}                                                       \
		return (now_ns() - t0) / (double)iters;                 \
	}

READ_LOOP(loop_empty, (u32)metric)
READ_LOOP(loop_int_array, ((const u32 *)dst)[metric - 1])
READ_LOOP(loop_patched_metric_raw, patched_dst_metric_raw(dst, metric))
READ_LOOP(loop_parent_metric_raw, parent_dst_metric_raw(dst, metric))
READ_LOOP(loop_patched_mtu, patched_dst_mtu(dst))
READ_LOOP(loop_parent_mtu, parent_dst_mtu(dst))

typedef double (*read_loop_fn)(const char *, int, long);

/* Warmup rounds, then measured rounds of about round_ns() each; the mean ns/op of the measured ones. */
static double measure_read(read_loop_fn f, const char *dst, int metric)
{
	long iters = 1 << 20;
	double ns = f(dst, metric, iters);
	iters = (long)(round_ns() / (ns > 0.05 ? ns : 0.05));
	for (int r = 0; r < rounds(); r++)
		f(dst, metric, iters);
	double sum = 0;
	for (int r = 0; r < rounds(); r++)
		sum += f(dst, metric, iters);
	return sum / rounds();
}

static void bench_read(void)
{
	u32 *array = zalloc_lines(METRICS_BYTES);
	char *patched = patched_route();
	char *parent = parent_route();

	memcpy(array, fib_metrics, METRICS_BYTES);
	if (patched_dst_metric_raw(patched, RTAX_MTU) != ROUTE_MTU || parent_dst_metric_raw(parent, RTAX_MTU) != ROUTE_MTU
	    || patched_dst_mtu(patched) != ROUTE_MTU || parent_dst_mtu(parent) != ROUTE_MTU) {
		fprintf(stderr, "dst_bench: metric reads do not return the route's MTU\n");
		exit(3);
	}
	printf("RESULT empty %.4f ns/op\n", measure_read(loop_empty, (const char *)array, RTAX_MTU));
	printf("RESULT int_array %.4f ns/op\n", measure_read(loop_int_array, (const char *)array, RTAX_MTU));
	printf("RESULT metric_raw.patched %.4f ns/op\n", measure_read(loop_patched_metric_raw, patched, RTAX_MTU));
	printf("RESULT metric_raw.parent %.4f ns/op\n", measure_read(loop_parent_metric_raw, parent, RTAX_MTU));
	printf("RESULT dst_mtu.patched %.4f ns/op\n", measure_read(loop_patched_mtu, patched, RTAX_MTU));
	printf("RESULT dst_mtu.parent %.4f ns/op\n", measure_read(loop_parent_mtu, parent, RTAX_MTU));
	fflush(stdout);
}

/* ---- metric writes -------------------------------------------------------------------------- */

static void reset_patched(char **dsts, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned long m = FIELD(unsigned long, dsts[i], PATCHED_OFF__metrics);
		if (!(m & DST_METRICS_READ_ONLY))
			kfree64((void *)m);
		FIELD(unsigned long, dsts[i], PATCHED_OFF__metrics) = (unsigned long)fib_metrics | DST_METRICS_READ_ONLY;
	}
}

static void reset_parent(char **dsts, int n)
{
	for (int i = 0; i < n; i++)
		memcpy(dsts[i] + PARENT_OFF__metrics, fib_metrics, METRICS_BYTES);
}

/* The first write to BATCH fresh entries, untimed reset in between; ns per entry. */
static double measure_first_write(int patched)
{
	char **dsts = malloc(sizeof(char *) * BATCH);
	for (int i = 0; i < BATCH; i++)
		dsts[i] = patched ? patched_route() : parent_route();

	double timed = 0;
	long writes = 0;
	int warm = 1;
	double start = now_ns();
	for (;;) {
		if (patched)
			reset_patched(dsts, BATCH);
		else
			reset_parent(dsts, BATCH);
		double t0 = now_ns();
		for (int i = 0; i < BATCH; i++) {
			char *dst = dsts[i];
			u32 mtu = NEW_MTU;
			LAUNDER(dst);
			LAUNDER(mtu);
			if (patched)
				patched_dst_metric_set(dst, RTAX_MTU, mtu);
			else
				parent_dst_metric_set(dst, RTAX_MTU, mtu);
		}
		double t1 = now_ns();
		if (!warm) {
			timed += t1 - t0;
			writes += BATCH;
			if (timed >= round_ns() * rounds())
				break;
		} else if (t1 - start >= round_ns() * rounds()) {
			warm = 0;
		}
	}
	for (int i = 0; i < BATCH; i++) {
		u32 got = patched ? patched_dst_metric_raw(dsts[i], RTAX_MTU) : parent_dst_metric_raw(dsts[i], RTAX_MTU);
		if (got != NEW_MTU || fib_metrics[RTAX_MTU - 1] != ROUTE_MTU) {
			fprintf(stderr, "dst_bench: the first write did not land (got %u) or changed the shared metrics\n", got);
			exit(3);
		}
	}
	if (patched)
		reset_patched(dsts, BATCH);
	for (int i = 0; i < BATCH; i++)
		free(dsts[i]);
	free(dsts);
	return timed / (double)writes;
}

#define WRITE_LOOP(fname, stmt)                                         \
	static double fname(char *dst0, long iters)                     \
	{                                                               \
		double t0 = now_ns();                                   \
		for (long i = 0; i < iters; i++) {                      \
			char *dst = dst0;                               \
			u32 mtu = NEW_MTU;                              \
			LAUNDER(dst);                                   \
			LAUNDER(mtu);                                   \
			stmt;                                           \
		}                                                       \
		return (now_ns() - t0) / (double)iters;                 \
	}

WRITE_LOOP(loop_patched_later_write, patched_dst_metric_set(dst, RTAX_MTU, mtu))
WRITE_LOOP(loop_parent_later_write, parent_dst_metric_set(dst, RTAX_MTU, mtu))

static double measure_later_write(int patched)
{
	char *dst = patched ? patched_route() : parent_route();
	double (*f)(char *, long) = patched ? loop_patched_later_write : loop_parent_later_write;

	if (patched)
		patched_dst_metric_set(dst, RTAX_MTU, NEW_MTU);   /* the first write: COW */
	long iters = 1 << 20;
	double ns = f(dst, iters);
	iters = (long)(round_ns() / (ns > 0.05 ? ns : 0.05));
	for (int r = 0; r < rounds(); r++)
		f(dst, iters);
	double sum = 0;
	for (int r = 0; r < rounds(); r++)
		sum += f(dst, iters);
	if (patched)
		kfree64(patched_DST_METRICS_PTR(dst));
	free(dst);
	return sum / rounds();
}

static void bench_write(void)
{
	printf("RESULT first_write.parent %.4f ns/op\n", measure_first_write(0));
	printf("RESULT first_write.patched %.4f ns/op\n", measure_first_write(1));
	printf("RESULT later_write.parent %.4f ns/op\n", measure_later_write(0));
	printf("RESULT later_write.patched %.4f ns/op\n", measure_later_write(1));
	fflush(stdout);
}

/* ---- false sharing -------------------------------------------------------------------------- */

struct layout {
	const char *name;
	long size, refcnt, flags, ops, input, output, metrics;
};

static const struct layout kernel_layout = {
	"kernel", PATCHED_SIZE, PATCHED_OFF___refcnt, PATCHED_OFF_flags, PATCHED_OFF_ops,
	PATCHED_OFF_input, PATCHED_OFF_output, PATCHED_OFF__metrics,
};

static const struct layout control_layout = {
	"control", CONTROL_SIZE, CONTROL_OFF___refcnt, CONTROL_OFF_flags, CONTROL_OFF_ops,
	CONTROL_OFF_input, CONTROL_OFF_output, CONTROL_OFF__metrics,
};

/* Each thread's counter on its own line, so the counters do not share with anything. */
struct counter {
	volatile long ops;
	char pad[L1_CACHE_BYTES - sizeof(long)];
} __attribute__((aligned(L1_CACHE_BYTES)));

struct thread_arg {
	const struct layout *l;
	char *dst;
	int cpu;
	struct counter *count;
};

static volatile int stop;

static void pin(int cpu)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu > 1) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(cpu % ncpu, &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
}

/* What a packet reads: dst->ops, dst->input, dst->output, dst->_metrics. */
static void *reader(void *p)
{
	struct thread_arg *a = p;
	const struct layout *l = a->l;
	char *dst = a->dst;
	long n = 0;
	unsigned long sum = 0;

	pin(a->cpu);
	while (!stop) {
		for (int k = 0; k < 1024; k++) {
			sum += *(volatile unsigned long *)(dst + l->ops);
			sum += *(volatile unsigned long *)(dst + l->input);
			sum += *(volatile unsigned long *)(dst + l->output);
			sum += *(volatile unsigned long *)(dst + l->metrics);
		}
		n += 1024;
		a->count->ops = n;
	}
	CONSUME(sum);
	return NULL;
}

/* dst_hold(dst); dst_release(dst); */
static void *writer(void *p)
{
	struct thread_arg *a = p;
	const struct layout *l = a->l;
	char *dst = a->dst;
	int *refcnt = (int *)(dst + l->refcnt);
	long n = 0;

	pin(a->cpu);
	while (!stop) {
		for (int k = 0; k < 1024; k++) {
			__atomic_add_fetch(refcnt, 1, __ATOMIC_SEQ_CST);                  /* atomic_inc */
			int newrefcnt = __atomic_sub_fetch(refcnt, 1, __ATOMIC_SEQ_CST);  /* atomic_dec_return */
			if (newrefcnt < 0)
				abort();
			if ((*(volatile int *)(dst + l->flags) & DST_NOCACHE) && newrefcnt == 0)
				abort();
		}
		n += 1024;
		a->count->ops = n;
	}
	return NULL;
}

static void sleep_ns(double ns)
{
	struct timespec t = { (time_t)(ns / 1e9), (long)(ns - (double)(time_t)(ns / 1e9) * 1e9) };
	nanosleep(&t, NULL);
}

/* Runs a reader (and a writer unless alone) on one entry; prints their throughput in ops/us. */
static void false_sharing(const struct layout *l, int alone, const char *label)
{
	char *dst = zalloc_lines(l->size);
	struct counter *counts = zalloc_lines(2 * sizeof(struct counter));
	struct thread_arg ra = { l, dst, 0, &counts[0] }, wa = { l, dst, 1, &counts[1] };
	pthread_t rt, wt;

	FIELD(unsigned long, dst, l->ops) = (unsigned long)patched_ops;
	FIELD(unsigned long, dst, l->input) = 0x10;
	FIELD(unsigned long, dst, l->output) = 0x20;
	FIELD(unsigned long, dst, l->metrics) = (unsigned long)fib_metrics | DST_METRICS_READ_ONLY;
	FIELD(int, dst, l->refcnt) = 1;
	stop = 0;
	pthread_create(&rt, NULL, reader, &ra);
	if (!alone)
		pthread_create(&wt, NULL, writer, &wa);
	sleep_ns(round_ns() * rounds());          /* warmup */
	long r0 = counts[0].ops, w0 = counts[1].ops;
	double t0 = now_ns();
	sleep_ns(round_ns() * rounds());
	long r1 = counts[0].ops, w1 = counts[1].ops;
	double t1 = now_ns();
	stop = 1;
	pthread_join(rt, NULL);
	if (!alone)
		pthread_join(wt, NULL);
	if (FIELD(int, dst, l->refcnt) != 1) {
		fprintf(stderr, "dst_bench: __refcnt is %d after the run, expected 1\n", FIELD(int, dst, l->refcnt));
		exit(3);
	}
	double us = (t1 - t0) / 1e3;
	printf("RESULT false_sharing.%s.reader %.3f ops/us\n", label, (double)(r1 - r0) / us);
	if (!alone)
		printf("RESULT false_sharing.%s.writer %.3f ops/us\n", label, (double)(w1 - w0) / us);
	fflush(stdout);
	free(counts);
	free(dst);
}

static void bench_false_sharing(void)
{
	printf("INFO false sharing: __refcnt at %d (line %d) in the kernel layout, %d (line %d) in the control;"
	       " input at %d/%d, output at %d/%d; %ld online CPUs\n",
	       PATCHED_OFF___refcnt, PATCHED_OFF___refcnt / L1_CACHE_BYTES, CONTROL_OFF___refcnt,
	       CONTROL_OFF___refcnt / L1_CACHE_BYTES, PATCHED_OFF_input, CONTROL_OFF_input, PATCHED_OFF_output,
	       CONTROL_OFF_output, sysconf(_SC_NPROCESSORS_ONLN));
	false_sharing(&kernel_layout, 1, "alone");
	false_sharing(&kernel_layout, 0, "kernel");
	false_sharing(&control_layout, 0, "control");
}

int main(int argc, char **argv)
{
	int read = 0, write = 0, fs = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else if (!strcmp(argv[i], "read"))
			read = 1;
		else if (!strcmp(argv[i], "write"))
			write = 1;
		else if (!strcmp(argv[i], "false-sharing"))
			fs = 1;
		else {
			fprintf(stderr, "dst_bench: unknown argument '%s'; allowed: --quick, read, write, false-sharing\n", argv[i]);
			return 2;
		}
	}
	if (!read && !write && !fs)
		read = write = fs = 1;

	fib_metrics = zalloc_lines(METRICS_BYTES);
	fib_metrics[RTAX_MTU - 1] = ROUTE_MTU;
	fib_metrics[RTAX_ADVMSS - 1] = ROUTE_MTU - 40;
	patched_ops = zalloc_lines(PATCHED_OPS_SIZE);
	parent_ops = zalloc_lines(PARENT_OPS_SIZE);
	FIELD(default_mtu_fn, patched_ops, PATCHED_OPS_OFF_default_mtu) = bench_default_mtu;
	FIELD(cow_metrics_fn, patched_ops, PATCHED_OPS_OFF_cow_metrics) = dst_cow_metrics_generic;
	FIELD(default_mtu_fn, parent_ops, PARENT_OPS_OFF_default_mtu) = bench_default_mtu;
	kmalloc64_init(2 * BATCH + 16);

	printf("INFO dst_bench for %s: struct dst_entry %d bytes (parent %d, control %d), gcc %s, %s\n", DSTCOW_ABI,
	       PATCHED_SIZE, PARENT_SIZE, CONTROL_SIZE, __VERSION__, quick ? "quick" : "full");
	if (read)
		bench_read();
	if (write)
		bench_write();
	if (fs)
		bench_false_sharing();
	return 0;
}
