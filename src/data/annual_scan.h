/* Reading a big annual.csv row by row instead of as a whole table.
 *
 * Each row is checked as the table loader checks it (same located messages,
 * in the same order) and at once reduced into the state of its (measure, year)
 * cell: the distinct counts seen and, for each, the number of rows, the number
 * of preferred rows and the first XD_SCAN_KEEP_ROWS rows (line, source,
 * status). That is all that reconciling a year needs: equal counts
 * corroborate, different ones need preferred rows, and the message about an
 * unresolved conflict names the rows in file order until its text is full
 * (fewer than XD_SCAN_KEEP_ROWS rows fit). At the end the kept rows become
 * ds->annual, in file order, so xd_series_build gives the same series, the
 * same conflicts and the same messages as from the whole table.
 *
 * Memory grows with the number of (measure, year) cells and distinct counts,
 * not with the number of rows: a 64-byte cell for each year from a measure's
 * first to its last, and at most XD_SCAN_KEEP_ROWS rows (16 bytes each) per
 * distinct count of a cell. The rows' notes are not kept, and a year
 * lists the sources of its first XD_SCAN_LIST_ROWS rows only when they all
 * agree, of its first XD_SCAN_KEEP_ROWS rows of each count when they do not.
 * The limits of a dataset table (64 MiB, 1 million rows) do not apply.
 *
 * Reading is the block reader's of blockscan.h (shared with aggregate.c): big
 * read(2) blocks, here with lines found with memchr and fields split by hand
 * 8 bytes at a time; a line with anything unusual (quotes, a CR but before its
 * LF, a tab, spaces around a field, a byte outside printable ASCII, a wrong
 * number of fields, a blank line...) is read by the strict reader
 * (xd_csv_reader), resumed exactly there, so its messages are those of the
 * table loader. A big regular file is also cut at line starts into parts read
 * by one thread each into cells of their own; a part is used only if its cut
 * is a row start for the strict reader too, and only up to its first row that
 * needs the strict reader or a message. This file keeps the row checks and
 * the cells. */
#ifndef XD_ANNUAL_SCAN_H
#define XD_ANNUAL_SCAN_H

#include "dataset.h"
#include "diag.h"

/* Enough rows to fill the conflict message (each takes at least 15 of its 1024 bytes). */
#define XD_SCAN_KEEP_ROWS 72
/* Rows listed as a year's sources when its rows all agree. */
#define XD_SCAN_LIST_ROWS 16

/* Reads ds->file_annual into ds->annual as described above. sources_read is 0
 * when sources.csv could not be read (ids are then not looked up). */
int xd_annual_scan(xd_dataset *ds, int sources_read, xd_diags *d);

#endif
