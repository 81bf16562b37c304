/*
** report_html.h: what the HTML report and its charts share.
*/
#ifndef STYR_REPORT_HTML_H
#define STYR_REPORT_HTML_H

#include <stddef.h>

#include "buf.h"

/* Appends s as HTML text or attribute value: & < > " ' escaped. */
void rep_html_escape(buf *out, const char *s, size_t n);

#endif
