/*
 * Times TA-Lib's C functions on their own (no JavaScript, no copying between JS arrays and C), for
 * bench/indicators-batch.ts: the bench writes the bar columns to a file, runs this once per round
 * and reads one line "NAME reused-wall fresh-wall reused-cpu fresh-cpu" (ms) per indicator. Each
 * function is called once untimed, then timed twice, by the wall clock and by this process's CPU
 * time (which a loaded machine inflates less): writing into output buffers already written (no page
 * faults: the best case for TA-Lib), and into output buffers malloc'ed inside the timed call (as
 * core's batch path returns new Float64Arrays, and as the npm binding allocates; the mmap
 * threshold is pinned so glibc hands out fresh pages rather than recycling the last call's).
 * Built by the bench against the static library the npm `talib` package compiles (-O2, as
 * TA-Lib's own makefiles).
 *
 *   core-timing <columns.bin>   (int64 n, then n doubles each of open, high, low, close, volume)
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <malloc.h>
#include "ta_libc.h"

static int n;
static double *o, *h, *l, *c, *v, *out1, *out2, *out3;
static int beg, nb;

static double ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static TA_RetCode run(const char *name) {
  int e = n - 1;
#define IS(s) (name[0] == s[0] && !strcmp(name, s))
  if (IS("SMA")) return TA_SMA(0, e, c, 20, &beg, &nb, out1);
  if (IS("EMA")) return TA_EMA(0, e, c, 20, &beg, &nb, out1);
  if (IS("WMA")) return TA_WMA(0, e, c, 20, &beg, &nb, out1);
  if (IS("RSI")) return TA_RSI(0, e, c, 14, &beg, &nb, out1);
  if (IS("BBANDS")) return TA_BBANDS(0, e, c, 20, 2, 2, TA_MAType_SMA, &beg, &nb, out1, out2, out3);
  if (IS("MACD")) return TA_MACD(0, e, c, 12, 26, 9, &beg, &nb, out1, out2, out3);
  if (IS("STOCH"))
    return TA_STOCH(0, e, h, l, c, 14, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &beg, &nb, out1, out2);
  if (IS("STOCHRSI")) return TA_STOCHRSI(0, e, c, 14, 14, 3, TA_MAType_SMA, &beg, &nb, out1, out2);
  if (IS("ATR")) return TA_ATR(0, e, h, l, c, 14, &beg, &nb, out1);
  if (IS("ADX")) return TA_ADX(0, e, h, l, c, 14, &beg, &nb, out1);
  if (IS("ADX+DI")) { /* the three columns core's ADX returns: three TA-Lib calls */
    TA_RetCode rc = TA_ADX(0, e, h, l, c, 14, &beg, &nb, out1);
    if (rc == TA_SUCCESS) rc = TA_PLUS_DI(0, e, h, l, c, 14, &beg, &nb, out2);
    return rc == TA_SUCCESS ? TA_MINUS_DI(0, e, h, l, c, 14, &beg, &nb, out3) : rc;
  }
  if (IS("CCI")) return TA_CCI(0, e, h, l, c, 20, &beg, &nb, out1);
  if (IS("OBV")) return TA_OBV(0, e, c, v, &beg, &nb, out1);
  if (IS("MFI")) return TA_MFI(0, e, h, l, c, v, 14, &beg, &nb, out1);
  if (IS("WILLR")) return TA_WILLR(0, e, h, l, c, 14, &beg, &nb, out1);
  if (IS("SAR")) return TA_SAR(0, e, h, l, 0.02, 0.2, &beg, &nb, out1);
  return TA_BAD_PARAM;
}


int main(int argc, char **argv) {
  static const char *names[] = {"SMA", "EMA", "WMA", "RSI", "BBANDS", "MACD", "STOCH", "STOCHRSI",
                                "ATR", "ADX", "ADX+DI", "CCI", "OBV", "MFI", "WILLR", "SAR"};
  if (argc < 2) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  int64_t n64;
  if (fread(&n64, 8, 1, f) != 1) return 2;
  n = (int)n64;
  double **cols[] = {&o, &h, &l, &c, &v, &out1, &out2, &out3};
  for (int k = 0; k < 8; k++) *cols[k] = malloc(sizeof(double) * n);
  for (int k = 0; k < 5; k++)
    if (fread(*cols[k], sizeof(double), n, f) != (size_t)n) return 2;
  fclose(f);
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  TA_Initialize();
  double *kept[3] = {out1, out2, out3};
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    out1 = kept[0], out2 = kept[1], out3 = kept[2];
    if (run(names[k]) != TA_SUCCESS) return 3;
    double w0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
    run(names[k]);
    double reusedWall = ms(CLOCK_MONOTONIC) - w0, reusedCpu = ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    w0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
    out1 = malloc(sizeof(double) * n);
    out2 = malloc(sizeof(double) * n);
    out3 = malloc(sizeof(double) * n);
    run(names[k]);
    double freshWall = ms(CLOCK_MONOTONIC) - w0, freshCpu = ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    free(out1), free(out2), free(out3);
    printf("%s %.4f %.4f %.4f %.4f\n", names[k], reusedWall, freshWall, reusedCpu, freshCpu);
  }
  TA_Shutdown();
  return 0;
}
