/* meta.csv is part of the dataset: every key known, every value usable. */
#ifndef XD_META_H
#define XD_META_H

#include <stddef.h>
#include "dataset.h"

/* Checks what the loader cannot check alone: unknown keys (a warning with the
 * nearest known key), labels of measures no file uses, an event that is not a
 * transfer date and a baseline that cannot be resolved (errors at
 * meta.csv:LINE:COL). */
int xd_meta_validate(const xd_dataset *ds, xd_diags *d);
/* The known key nearest to key by edit distance, or NULL when none is close. */
const char *xd_meta_nearest_key(const xd_dataset *ds, const char *key, char *buf, size_t cap);
/* The message of a bad event date: "FILE:LINE:COL: event: expected ...". */
int xd_meta_event_error(const xd_dataset *ds, const xd_meta_entry *e, xd_diags *d);

/* A baseline of meta.csv that cannot be resolved, located at its value. */
int xd_meta_baseline_error(const xd_dataset *ds, const xd_meta_entry *e, const char *why, xd_diags *d);

#endif
