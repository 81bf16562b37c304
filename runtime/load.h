/*
** load.h: reading a CSV file into a dataset according to its declared schema.
*/
#ifndef STYR_LOAD_H
#define STYR_LOAD_H

#include <stdbool.h>

#include "dataset.h"

/*
** Reads the file at path into *out (which the caller zeroed) following schema: finds
** each declared column by its header (the column name or any of its alternative
** headers, compared without regard to case, surrounding spaces, or the difference
** between ' ', '_' and '-'), ignores columns the schema does not declare, converts each
** field to the column's kind, and records the line of each row.
**
** Decimal separator: schema->dialect.decimal, else detected from the numeric columns
** (see load.c for the rule); thousands separators are accepted in the other character.
**
** Returns true on success. On failure returns false with *err a malloc'ed message the
** caller frees, in the form
**     PATH:LINE: column NAME: cannot read "12x4.5" as year
** (or "PATH: ..." when no line applies, as for a missing column; a file that cannot be
** read gives csv_open_file's "cannot open PATH: ..."), and *out is
** left for ds_free. out->name and out->path point at schema->name and path, which the
** caller keeps alive as long as the dataset.
**
** With jobs > 1, a large file is read in parts by that many threads; the dataset (and
** any error) is the same as reading it in one go.
*/
bool load_csv_file(const ds_schema *schema, const char *path, int jobs, dataset *out, char **err);
/* The same over data in memory; name stands for the path in messages. */
bool load_csv_memory(const ds_schema *schema, const char *name, const char *data, size_t len, int jobs,
                     dataset *out, char **err);

/*
** Reading a file in batches of rows, for a dataset too large to hold at once (see
** bind.h). Rows that cannot be read are passed over: a pass over the whole file has
** reported them before. load_batches_open returns NULL on failure, with *err a
** malloc'ed message; schema and path must outlive the reader.
*/
typedef struct load_batches load_batches;
load_batches *load_batches_open(const ds_schema *schema, const char *path, char **err);
/* Reads up to max_rows further records into *out (zeroed before the first call; what it
** held is freed): 1 when it read some, 0 at the end of the file, -1 on failure with
** *err. The rows carry their lines in the file. */
int load_batches_next(load_batches *lb, size_t max_rows, dataset *out, char **err);
void load_batches_close(load_batches *lb);

#endif
