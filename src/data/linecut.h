/* Cutting a big regular file into parts at line starts, so that threads can
 * read the parts at once (the block reader of blockscan.h). A cut is only a
 * line start: whether it is also a row start (not inside a quoted field) is
 * for the reader to find out. */
#ifndef XD_LINECUT_H
#define XD_LINECUT_H

#include <stddef.h>

/* Cuts the file open on fd, of `size` bytes, into about `nparts` equal parts:
 * writes to cuts[] (room for nparts - 1) the offsets just after the first LF
 * at or after each multiple of size / nparts, looking at most 1 MiB past it;
 * each cut is after the previous one and before the end. Returns how many. */
size_t xd_line_cuts(int fd, long long size, long long nparts, long long *cuts);

#endif
