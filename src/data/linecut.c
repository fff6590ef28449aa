#include "linecut.h"

#include <string.h>
#include <sys/types.h>
#include <unistd.h>

size_t xd_line_cuts(int fd, long long size, long long nparts, long long *cuts)
{
    size_t nc = 0;
    long long prev = 0;
    char buf[4096];
    for (long long i = 1; i < nparts; i++) {
        long long at = size / nparts * i, cut = -1;
        for (long long o = at; o < size && o < at + ((long long)1 << 20) && cut < 0;) {
            ssize_t got = pread(fd, buf, sizeof buf, (off_t)o);
            if (got <= 0)
                break;
            const char *lf = memchr(buf, '\n', (size_t)got);
            if (lf)
                cut = o + (lf - buf) + 1;
            o += got;
        }
        if (cut <= prev || cut >= size)
            continue;
        cuts[nc++] = cut;
        prev = cut;
    }
    return nc;
}
