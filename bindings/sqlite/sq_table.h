/*
** sq_table.h: a SQLite table as the data of a dataset, bound to a styr run by column.
*/
#ifndef STYR_SQ_TABLE_H
#define STYR_SQ_TABLE_H

#include <sqlite3ext.h>

#include "styr.h"

/* Whether the database has a table or view of that name (in any attached schema). */
int sq_has_table(sqlite3 *db, const char *name);

/* Reads table `table` (every column dataset d of the rules declares that the table has,
** matched by name without regard to case) and binds it to run as dataset d, exactly:
** money, numbers and percentages from INTEGER (whole kroner for money), REAL (its
** shortest decimal; money must be whole øre) or TEXT ("1234.50"); dates from TEXT
** YYYY-MM-DD; NULL and blank text are empty. Returns SQLITE_OK, or an SQLite error code
** with *err a message from sqlite3_mprintf naming the dataset, column and row. *data gets
** the columns read, which libstyr may use in place: free them with sq_data_free after
** styr_run_free, whatever the call returned. */
typedef struct sq_data sq_data;
int sq_bind_table(sqlite3 *db, styr_run *run, const styr_rules *rules, int d, const char *table, sq_data **data,
                  char **err);
void sq_data_free(sq_data *data);

#endif
