/* Who was handed over: the optional people.csv of a dataset, one row per person
 * and source, turned into people (the rows of one person reconciled field by
 * field) and counted per transfer, by organization, charging district or
 * arrival city, with every unknown counted as such. */
#ifndef XD_PEOPLE_H
#define XD_PEOPLE_H

#include <stddef.h>

#include "dataset.h"

typedef enum { XD_ID_FULL, XD_ID_PARTIAL, XD_ID_SEALED } xd_identified;

/* The fields that sources state about a person and that may disagree. */
typedef enum { XD_PF_ALIAS, XD_PF_ORGANIZATION, XD_PF_DISTRICT, XD_PF_ARRIVAL, XD_PF_COUNT } xd_pfield;

typedef struct xd_person_row {
    const xd_transfer *transfer;
    char *name;
    char *field[XD_PF_COUNT]; /* "" where the source states nothing */
    char *source, *note, *note_es;
    xd_identified identified;
    enum xd_row_status status;
    long line;
} xd_person_row;

/* One value a field takes among a person's rows, and the rows that give it. */
typedef struct xd_person_value {
    const char *value;
    const xd_person_row **rows;
    size_t n_rows;
    int preferred; /* a row with status=preferred gives it */
} xd_person_value;

typedef struct xd_person_attr {
    const char *value;        /* the value to use: "" when no row states one, NULL when disputed */
    int conflict;             /* rows give different values */
    int disputed;             /* ...and not exactly one of them is preferred */
    xd_person_value *values;  /* every distinct stated value, in file order */
    size_t n_values;
} xd_person_attr;

typedef struct xd_person {
    const xd_transfer *transfer;
    const char *name;         /* "" for a sealed person without a placeholder name */
    xd_identified identified;
    const xd_person_row **rows; /* file order */
    size_t n_rows;
    xd_person_attr attr[XD_PF_COUNT];
    const char **sources;     /* distinct source ids, file order */
    size_t n_sources;
} xd_person;

typedef struct xd_people {
    char *file;               /* display name, e.g. "datasets/mexico-us/people.csv" */
    xd_person_row *rows;
    size_t n_rows;
    xd_person *people;        /* by transfer date, then the line of their first row */
    size_t n_people;
} xd_people;

/* Reads dir/people.csv when it exists (*out NULL when it does not). Every
 * problem is recorded: an unknown transfer date or source, a bad identified or
 * status, more people listed than the transfer moved, two full rows of one name
 * and transfer from the same source (neither an alternative), rows of one name
 * and transfer that differ in identified. sources_read and transfers_read are 0
 * when that file failed, so its ids are not reported again. */
int xd_people_load(const xd_dataset *ds, int sources_read, int transfers_read, xd_people **out, xd_diags *d);
void xd_people_free(xd_people *p);

/* Warnings for check: a name listed in two transfers. */
void xd_people_warn(const xd_people *p, xd_diags *d);

const char *xd_pfield_name(xd_pfield f);         /* "alias", "organization", ... */
const char *xd_identified_name(xd_identified i); /* "full", "partial", "sealed" */

typedef struct xd_people_transfer {
    const xd_transfer *transfer; /* NULL for the sum over transfers */
    long count;                  /* from transfers.csv */
    long listed, full, partial, sealed;
    long unlisted;               /* count - listed */
} xd_people_transfer;

typedef enum {
    XD_GROUP_STATED,     /* a value the sources state (or the preferred one) */
    XD_GROUP_NOT_STATED, /* listed, but no source states the field */
    XD_GROUP_DISPUTED,   /* sources disagree and none is preferred */
    XD_GROUP_SEALED,     /* the name is withheld: nothing known */
    XD_GROUP_UNLISTED    /* transferred but on no list found */
} xd_group_kind;

typedef struct xd_people_group {
    xd_group_kind kind;
    const char *value; /* for XD_GROUP_STATED, else NULL */
    long count;
} xd_people_group;

/* The counts of one transfer (date) or of all (date NULL), grouped by one field. */
typedef struct xd_people_tally {
    xd_pfield by;
    const char *date;             /* NULL: every transfer */
    xd_people_transfer *transfers; /* transfers.csv order */
    size_t n_transfers;
    xd_people_transfer all;       /* their sums */
    /* stated values by count (largest first, then by value), then not stated,
     * disputed, sealed and unlisted, each always present: they add up to all.count */
    xd_people_group *groups;
    size_t n_groups, n_stated;
} xd_people_tally;

/* An unknown date is a usage error naming the transfers there are. */
int xd_people_tally_make(const xd_dataset *ds, const xd_people *p, const char *date, xd_pfield by,
                         xd_people_tally *out, xd_diags *d);
void xd_people_tally_free(xd_people_tally *t);
/* A person of the tally's transfer(s). */
int xd_people_tally_has(const xd_people_tally *t, const xd_person *p);

#endif
