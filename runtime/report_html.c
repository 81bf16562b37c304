/*
** report_html.c: the report as one self-contained HTML page for people: the agreement and
** its verdict, a summary per rule, and per rule its items and output tables, each a
** sortable, filterable, paged table, with a chart where the data makes one (report_svg.c).
**
** The tables' rows are embedded once, as JSON in <script type="application/json">, and a
** small script draws a page at a time, so 100,000 items stay quick: filtering and sorting
** work on the data, never on the DOM. Every text is escaped for where it goes (HTML, or
** JSON inside a script, where "</script>" must not end the script), and the script
** writes cells as text, never as HTML. No file, font or script is fetched.
*/
#include "report.h"

#include <string.h>

#include "date.h"
#include "report_chart.h"
#include "report_html.h"
#include "report_num.h"

void rep_html_escape(buf *out, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_add(out, s + from, i - from);
        buf_puts(out, rep);
        from = i + 1;
    }
    buf_add(out, s + from, n - from);
}

static void html(buf *out, const char *s)
{
    if (s) rep_html_escape(out, s, strlen(s));
}

/* A JSON string that can stand inside <script>: < > & as \u escapes as well. */
static void script_string(buf *out, const char *s, size_t n)
{
    buf_putc(out, '"');
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<' && s[i] != '>' && s[i] != '&') continue;
        buf_json_escape(out, s + from, i - from);
        buf_printf(out, "\\u%04x", (unsigned)s[i]);
        from = i + 1;
    }
    buf_json_escape(out, s + from, n - from);
    buf_putc(out, '"');
}

static void script_text(buf *out, const char *s)
{
    if (s) script_string(out, s, strlen(s));
    else buf_puts(out, "null");
}

/* A cell as people read it (numbers in the report's locale); empty is null. */
static void script_value(buf *out, value v, stype t, rep_numstyle st, buf *scratch)
{
    if (v.kind == V_EMPTY) {
        buf_puts(out, "null");
        return;
    }
    buf_clear(scratch);
    rep_format_value(v, t, st, scratch);
    script_string(out, scratch->data, scratch->len);
}

/* ---------------------------------------------------------------- the page */

static const char page_style[] =
    ":root{--ink:#1d2430;--muted:#5b6472;--line:#dde2e8;--band:#f4f6f9;--accent:#1f4e89;"
    "--pass:#1f7a3f;--passbg:#e3f4e8;--fail:#b42318;--failbg:#fde7e5;--warn:#8a5a00;--warnbg:#fdf1d6}"
    "*{box-sizing:border-box}"
    "body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
    "color:var(--ink);background:#fff}"
    "header.top{background:var(--accent);color:#fff;padding:28px 40px 22px}"
    "header.top h1{margin:0 0 4px;font-size:26px;font-weight:600}"
    "header.top .meta{opacity:.85;font-size:13px}"
    "main{padding:24px 40px 60px;max-width:1400px}"
    "h2{font-size:20px;margin:36px 0 6px;padding-top:12px;border-top:2px solid var(--line)}"
    "h3{font-size:15px;margin:22px 0 8px;color:var(--accent)}"
    ".verdict{margin:18px 0 8px;padding:14px 18px;border-radius:6px;font-size:16px;font-weight:600}"
    ".verdict.ok{background:var(--passbg);color:var(--pass)}.verdict.bad{background:var(--failbg);color:var(--fail)}"
    "table{border-collapse:collapse;width:100%;font-size:13px}"
    "th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}"
    "th{background:var(--band);font-weight:600;position:sticky;top:0;white-space:nowrap}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "tbody tr:nth-child(even){background:#fafbfc}"
    ".summary td:first-child a{font-family:ui-monospace,Menlo,Consolas,monospace;color:var(--accent)}"
    ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;"
    "text-transform:uppercase;letter-spacing:.03em}"
    ".s-pass,.s-met{background:var(--passbg);color:var(--pass)}"
    ".s-fail,.s-error,.s-violation{background:var(--failbg);color:var(--fail)}"
    ".s-explained,.s-missed,.s-flagged{background:var(--warnbg);color:var(--warn)}"
    ".rulehead{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}"
    ".rid{font-family:ui-monospace,Menlo,Consolas,monospace;color:var(--muted);font-size:14px}"
    ".counts{color:var(--muted);margin:4px 0 10px}"
    "details.doc{margin:6px 0 12px}details.doc summary{cursor:pointer;color:var(--accent)}"
    "details.doc pre{white-space:pre-wrap;font:13px/1.5 inherit;background:var(--band);padding:10px 14px;"
    "border-left:3px solid var(--accent);margin:8px 0}"
    ".grid{margin:8px 0 18px}"
    ".controls{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:6px 0}"
    ".controls input,.controls select,.controls button{font:inherit;padding:4px 8px;border:1px solid var(--line);"
    "border-radius:4px;background:#fff}"
    ".controls input{min-width:240px}.controls .info{color:var(--muted);margin-left:auto}"
    ".controls button:disabled{opacity:.4}"
    ".scroll{overflow-x:auto;max-height:640px;border:1px solid var(--line);border-radius:4px}"
    "th.sort{cursor:pointer;user-select:none}th.sort:after{content:' \\2195';opacity:.3}"
    "th[aria-sort=ascending]:after{content:' \\2191';opacity:1}th[aria-sort=descending]:after{content:' \\2193';opacity:1}"
    ".empty{color:var(--muted);font-style:italic}"
    "figure.figure{margin:10px 0 14px}"
    "svg.chart{max-width:100%;height:auto;font-size:11px}"
    "svg .grid{stroke:#e6e9ee}svg .tick{fill:var(--muted)}svg .cat{fill:var(--ink);font-size:12px}"
    "svg .total{fill:var(--ink);font-size:11px}"
    "svg .series{fill:none;stroke-width:2.2}svg .series.ref{stroke-dasharray:6 4;stroke-width:1.8}"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12px;color:var(--muted);margin:4px 0 8px}"
    ".legend .key{display:inline-flex;align-items:center;gap:6px}"
    ".panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:8px 12px}"
    ".panel .ptitle{font-size:12px;font-weight:600;margin:0 0 2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"
    "footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:40px;padding-top:12px}"
    "@media print{header.top{background:none;color:var(--ink)}.controls{display:none}.scroll{max-height:none}}";

/* Draws every [data-table] from the embedded data; see the file comment. */
static const char page_script[] =
    "(function(){'use strict';\n"
    "var errors=[];window.addEventListener('error',function(e){errors.push(String(e.message));"
    "document.documentElement.setAttribute('data-errors',errors.join(' | '));});\n"
    "var data=JSON.parse(document.getElementById('styr-data').textContent);\n"
    "var coll=new Intl.Collator(data.lang,{numeric:true});\n"
    "function number(s){return s===null?-Infinity:parseFloat(s.split(data.group).join('').replace(data.decimal,'.'));}\n"
    "function count(n){var s=String(n),o='';for(var i=0;i<s.length;i++){if(i&&(s.length-i)%3===0)o+=data.group;o+=s[i];}return o;}\n"
    "function make(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;"
    "if(text!==undefined)e.textContent=text;return e;}\n"
    "function grid(host,t){\n"
    " var rows=t.rows,n=rows.length,view=[],page=0,size=25,query='',facet='',sortCol=-1,sortDir=1,hay=null,keys=[];\n"
    " var fc=-1;t.cols.forEach(function(c,i){if(c.facet)fc=i;});\n"
    " if(!n){host.appendChild(make('p','empty',t.none));return;}\n"
    " var bar=make('div','controls'),search=make('input');search.type='search';search.placeholder='Filter rows';\n"
    " bar.appendChild(search);var sel=null;\n"
    " if(fc>=0){sel=make('select');var tally={};rows.forEach(function(r){tally[r[fc]]=(tally[r[fc]]||0)+1;});\n"
    "  sel.appendChild(new Option('every '+t.cols[fc].name+' ('+count(n)+')',''));\n"
    "  Object.keys(tally).sort().forEach(function(k){sel.appendChild(new Option(k+' ('+count(tally[k])+')',k));});\n"
    "  bar.appendChild(sel);}\n"
    " var sizes=make('select');[25,100,500].forEach(function(k){sizes.appendChild(new Option(k+' a page',String(k)));});\n"
    " bar.appendChild(sizes);var prev=make('button','','\\u2039 Previous'),next=make('button','','Next \\u203a');\n"
    " var info=make('span','info');bar.appendChild(prev);bar.appendChild(next);bar.appendChild(info);\n"
    " var box=make('div','scroll'),table=make('table'),head=make('tr'),body=make('tbody');\n"
    " t.cols.forEach(function(c,i){var th=make('th','sort'+(c.num?' n':''),c.name);th.title='Sort by '+c.name;\n"
    "  th.addEventListener('click',function(){sortDir=sortCol===i?-sortDir:1;sortCol=i;"
    "Array.prototype.forEach.call(head.children,function(h){h.removeAttribute('aria-sort');});"
    "th.setAttribute('aria-sort',sortDir>0?'ascending':'descending');apply();});head.appendChild(th);});\n"
    " var thead=make('thead');thead.appendChild(head);table.appendChild(thead);table.appendChild(body);box.appendChild(table);\n"
    " host.appendChild(bar);host.appendChild(box);\n"
    " function key(c){if(!keys[c]){var k=new Array(n);for(var i=0;i<n;i++)k[i]=t.cols[c].num?number(rows[i][c]):"
    "(rows[i][c]===null?'':rows[i][c]);keys[c]=k;}return keys[c];}\n"
    " function apply(){var q=query.toLowerCase(),out=[];\n"
    "  if(q&&!hay){hay=new Array(n);for(var i=0;i<n;i++)hay[i]=rows[i].join('\\u0001').toLowerCase();}\n"
    "  for(var j=0;j<n;j++){if(facet&&rows[j][fc]!==facet)continue;if(q&&hay[j].indexOf(q)<0)continue;out.push(j);}\n"
    "  if(sortCol>=0){var k=key(sortCol),num=t.cols[sortCol].num;out.sort(function(a,b){"
    "var d=num?(k[a]<k[b]?-1:k[a]>k[b]?1:0):coll.compare(k[a],k[b]);return d?d*sortDir:a-b;});}\n"
    "  view=out;page=0;draw();}\n"
    " function draw(){var pages=Math.max(1,Math.ceil(view.length/size));if(page>=pages)page=pages-1;\n"
    "  var from=page*size,to=Math.min(view.length,from+size),frag=document.createDocumentFragment();\n"
    "  for(var i=from;i<to;i++){var r=rows[view[i]],tr=make('tr');\n"
    "   for(var c=0;c<r.length;c++){var td=make('td',t.cols[c].num?'n':'',r[c]===null?'\\u2013':r[c]);\n"
    "    if(c===fc)td.firstChild&&(td.textContent='',td.appendChild(make('span','badge s-'+r[c],r[c])));tr.appendChild(td);}\n"
    "   frag.appendChild(tr);}\n"
    "  body.textContent='';body.appendChild(frag);\n"
    "  info.textContent=(view.length?count(from+1)+'\\u2013'+count(to):'0')+' of '+count(view.length)+"
    "(view.length<n?' (filtered from '+count(n)+')':'')+' \\u00b7 page '+count(page+1)+' of '+count(pages);\n"
    "  host.setAttribute('data-shown',String(to-from));host.setAttribute('data-matching',String(view.length));\n"
    "  prev.disabled=page===0;next.disabled=page>=pages-1;}\n"
    " var timer=0;search.addEventListener('input',function(){clearTimeout(timer);"
    "timer=setTimeout(function(){query=search.value;apply();},150);});\n"
    " if(sel)sel.addEventListener('change',function(){facet=sel.value;apply();});\n"
    " sizes.addEventListener('change',function(){size=+sizes.value;page=0;draw();});\n"
    " prev.addEventListener('click',function(){page--;draw();});next.addEventListener('click',function(){page++;draw();});\n"
    " apply();}\n"
    "Array.prototype.forEach.call(document.querySelectorAll('[data-table]'),function(h){"
    "grid(h,data.tables[+h.getAttribute('data-table')]);});\n"
    "document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n";

typedef struct page {
    const report *r;
    rep_numstyle st;
    buf *out;
    buf scratch;
    int ntables;       /* placeholders written so far */
} page;

static void count_cell(page *p, int64_t n)
{
    buf_puts(p->out, "<td class=\"n\">");
    rep_count(n, p->st, p->out);
    buf_puts(p->out, "</td>");
}

static void badge(buf *out, const char *status)
{
    buf_printf(out, "<span class=\"badge s-%s\">%s</span>", status, status);
}

static void header(page *p)
{
    const report *r = p->r;
    buf *out = p->out;
    const ast_agreement *ag = r->prog->agreement;
    buf_puts(out, "<header class=\"top\"><h1>");
    html(out, r->prog->name);
    buf_puts(out, "</h1><div class=\"meta\">");
    if (ag && ag->region) {
        buf_puts(out, "Region ");
        html(out, ag->region);
        buf_puts(out, " · ");
    }
    if (ag && ag->has_period) {
        char from[11], to[11];
        date_format_iso(ag->period_from, from);
        date_format_iso(ag->period_to, to);
        buf_printf(out, "Period %s to %s · ", from, to);
    }
    buf_puts(out, "Audit report by styr " STYR_VERSION "</div></header><main>");
    int requirements = 0;
    for (int i = 0; i < r->nrules; i++) requirements += r->rules[i].rule->sev == SEV_REQUIREMENT;
    if (r->failed) {
        buf_printf(out, "<div class=\"verdict bad\" id=\"verdict\">Verdict: %d rule%s failed:", r->failed,
                   r->failed == 1 ? "" : "s");
        for (int i = 0; i < r->nrules; i++)
            if (r->rules[i].status == ST_FAIL || r->rules[i].status == ST_ERROR) {
                buf_puts(out, " ");
                html(out, r->rules[i].rule->id);
            }
        buf_puts(out, "</div>");
    } else {
        buf_printf(out, "<div class=\"verdict ok\" id=\"verdict\">Verdict: all %d requirement%s hold.</div>",
                   requirements, requirements == 1 ? "" : "s");
    }
    buf_puts(out, "<p class=\"counts\">Read ");
    rep_count(r->rows_read, p->st, out);
    buf_printf(out, " rows from %d dataset%s", r->ndatasets, r->ndatasets == 1 ? "" : "s");
    if (r->rows_rejected) {
        buf_puts(out, "; ");
        rep_count(r->rows_rejected, p->st, out);
        buf_puts(out, " rejected");
    }
    buf_puts(out, ".</p>");
}

static void summary(page *p)
{
    const report *r = p->r;
    buf *out = p->out;
    buf_puts(out, "<h2>Summary</h2><table class=\"summary\" id=\"summary\"><thead><tr><th>Rule</th><th>Title</th>"
                  "<th>Kind</th><th>Status</th><th class=\"n\">Checked</th><th class=\"n\">Violations</th>"
                  "<th class=\"n\">Explained</th><th class=\"n\">Errors</th></tr></thead><tbody>");
    for (int i = 0; i < r->nrules; i++) {
        const rep_rule *rr = &r->rules[i];
        buf_puts(out, "<tr data-rule=\"");
        html(out, rr->rule->id);
        buf_puts(out, "\"><td><a href=\"#rule-");
        html(out, rr->rule->id);
        buf_puts(out, "\">");
        html(out, rr->rule->id);
        buf_puts(out, "</a></td><td>");
        html(out, rr->rule->title);
        buf_printf(out, "</td><td>%s</td><td>", rep_kind_name(rr->rule->sev));
        badge(out, rep_status_name(rr->status));
        buf_puts(out, "</td>");
        count_cell(p, rr->checked);
        count_cell(p, rr->violations);
        count_cell(p, rr->explained);
        count_cell(p, rr->errors);
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table>");
    buf_puts(out, "<h3>Datasets</h3><table><thead><tr><th>Dataset</th><th>File</th><th class=\"n\">Rows read</th>"
                  "<th class=\"n\">Evaluated</th><th class=\"n\">Rejected</th></tr></thead><tbody>");
    for (int i = 0; i < r->ndatasets; i++) {
        const rep_dataset *d = &r->datasets[i];
        buf_puts(out, "<tr><td>");
        html(out, d->name);
        buf_puts(out, "</td><td>");
        html(out, d->path);
        buf_puts(out, "</td>");
        count_cell(p, d->rows_read);
        count_cell(p, d->rows_evaluated);
        count_cell(p, d->rows_rejected);
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table>");
}

static void placeholder(page *p)
{
    buf_printf(p->out, "<div class=\"grid\" data-table=\"%d\"></div>", p->ntables++);
}

static void output_section(page *p, int i)
{
    const rep_output *o = &p->r->outputs[i];
    buf_puts(p->out, "<h3 id=\"output-");
    html(p->out, o->table->name);
    buf_puts(p->out, "\">Output ");
    html(p->out, o->table->name);
    buf_puts(p->out, " <span class=\"rid\">");
    rep_count((int64_t)o->nrows, p->st, p->out);
    buf_printf(p->out, " row%s</span></h3>", o->nrows == 1 ? "" : "s");
    chart_spec spec = chart_choose(o);
    chart_write_svg(o, &spec, p->st, p->out);
    placeholder(p);
}

static void rule_counts(page *p, const rep_rule *rr)
{
    buf *out = p->out;
    buf_puts(out, "<p class=\"counts\">");
    rep_count(rr->checked, p->st, out);
    buf_puts(out, rr->rule->blocks && rr->rule->blocks[0].group_clause >= 0 ? " groups checked · " : " rows checked · ");
    rep_count(rr->violations, p->st, out);
    buf_puts(out, rr->rule->sev == SEV_INFO ? " flagged" : rr->rule->sev == SEV_TARGET ? " missed" : " violations");
    if (rr->rule->sev == SEV_REQUIREMENT) {
        buf_puts(out, " (");
        rep_count(rr->violations - rr->explained, p->st, out);
        buf_puts(out, " unexplained, ");
        rep_count(rr->explained, p->st, out);
        buf_puts(out, " explained)");
    }
    buf_puts(out, " · ");
    rep_count(rr->errors, p->st, out);
    buf_puts(out, " could not be evaluated</p>");
}

static void rule_section(page *p, int i)
{
    const rep_rule *rr = &p->r->rules[i];
    buf *out = p->out;
    buf_puts(out, "<section id=\"rule-");
    html(out, rr->rule->id);
    buf_puts(out, "\"><h2 class=\"rulehead\">");
    html(out, rr->rule->title);
    buf_puts(out, " <span class=\"rid\">");
    html(out, rr->rule->id);
    buf_printf(out, " · %s</span> ", rep_kind_name(rr->rule->sev));
    badge(out, rep_status_name(rr->status));
    buf_puts(out, "</h2>");
    if (rr->rule->has_force) {
        char from[11];
        date_format_iso(rr->rule->force_from, from);
        buf_printf(out, "<p class=\"counts\">In force from %s.</p>", from);
    }
    rule_counts(p, rr);
    if (rr->rule->doc) {
        buf_puts(out, "<details class=\"doc\"><summary>The agreement's text and how the rule reads it</summary><pre>");
        html(out, rr->rule->doc);
        buf_puts(out, "</pre></details>");
    }
    placeholder(p);
    for (int k = 0; k < p->r->noutputs; k++)
        if (rep_output_rule(p->r, k) == i) output_section(p, k);
    buf_puts(out, "</section>");
}

/* ---------------------------------------------------------------- the data */

static void script_col(buf *out, const char *name, bool num, bool facet)
{
    buf_puts(out, "{\"name\":");
    script_text(out, name);
    buf_printf(out, ",\"num\":%s,\"facet\":%s}", num ? "true" : "false", facet ? "true" : "false");
}

static void script_cells(page *p, const rep_columns *cols, const rep_value *vals, int n)
{
    for (int k = 0; k < cols->n; k++) {
        const rep_value *v = rep_find_value(vals, n, cols->names[k]);
        buf_putc(p->out, ',');
        if (v) script_value(p->out, v->v, v->ty, p->st, &p->scratch);
        else buf_puts(p->out, "null");
    }
}

static void items_data(page *p, const rep_rule *rr)
{
    buf *out = p->out;
    rep_columns keys, vals;
    rep_item_columns(rr, &keys, &vals);
    buf_puts(out, "{\"none\":\"No items: nothing to report for this rule.\",\"cols\":[");
    script_col(out, "status", false, true);
    buf_putc(out, ',');
    script_col(out, "line", true, false);
    for (int k = 0; k < keys.n; k++) {
        buf_putc(out, ',');
        script_col(out, keys.names[k], keys.types[k].kind == TY_NUM, false);
    }
    for (int k = 0; k < vals.n; k++) {
        buf_putc(out, ',');
        script_col(out, vals.names[k], vals.types[k].kind == TY_NUM, false);
    }
    buf_putc(out, ',');
    script_col(out, "message", false, false);
    buf_putc(out, ',');
    script_col(out, "explanation", false, false);
    buf_puts(out, "],\"rows\":[");
    for (size_t i = 0; i < rr->nitems; i++) {
        const rep_item *it = &rr->items[i];
        buf_puts(out, i ? ",\n[" : "\n[");
        script_text(out, rep_item_status(rr, it));
        if (it->row) buf_printf(out, ",\"%lld\"", (long long)it->row);
        else buf_puts(out, ",null");
        script_cells(p, &keys, it->key, it->nkey);
        script_cells(p, &vals, it->values, it->nvalues);
        buf_putc(out, ',');
        script_text(out, it->message);
        buf_putc(out, ',');
        script_text(out, it->explanation);
        buf_putc(out, ']');
    }
    buf_puts(out, "]}");
    rep_columns_free(&keys);
    rep_columns_free(&vals);
}

static void output_data(page *p, const rep_output *o)
{
    buf *out = p->out;
    const out_table *t = o->table;
    buf_puts(out, "{\"none\":\"The table is empty.\",\"cols\":[");
    for (int c = 0; c < t->ncols; c++) {
        if (c) buf_putc(out, ',');
        script_col(out, t->cols[c].name, t->cols[c].ty.kind == TY_NUM, false);
    }
    buf_puts(out, "],\"rows\":[");
    for (size_t r = 0; r < o->nrows; r++) {
        buf_puts(out, r ? ",\n[" : "\n[");
        for (int c = 0; c < t->ncols; c++) {
            if (c) buf_putc(out, ',');
            script_value(out, o->cells[r * (size_t)t->ncols + (size_t)c], t->cols[c].ty, p->st, &p->scratch);
        }
        buf_putc(out, ']');
    }
    buf_puts(out, "]}");
}

/* The tables in the order of the placeholders: each rule's items, then its outputs;
** then the outputs of no rule. */
static void page_data(page *p, bool danish)
{
    const report *r = p->r;
    buf *out = p->out;
    buf_printf(out, "<script type=\"application/json\" id=\"styr-data\">{\"lang\":\"%s\",\"decimal\":\"%c\","
                    "\"group\":\"%c\",\"tables\":[",
               danish ? "da" : "en", p->st.decimal, p->st.thousands);
    int n = 0;
    for (int i = -1; i < r->nrules; i++) {
        if (i >= 0) {
            buf_puts(out, n++ ? ",\n" : "\n");
            items_data(p, &r->rules[i]);
        }
        for (int k = 0; k < r->noutputs; k++) {
            if (rep_output_rule(r, k) != i) continue;
            buf_puts(out, n++ ? ",\n" : "\n");
            output_data(p, &r->outputs[k]);
        }
    }
    buf_puts(out, "]}</script>\n");
}

void rep_write_html(const report *r, buf *out, bool danish)
{
    page p = { .r = r, .st = rep_numstyle_for(danish, true), .out = out };
    buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                    "<meta name=\"generator\" content=\"styr " STYR_VERSION "\"><title>",
               danish ? "da" : "en");
    html(out, r->prog->name);
    buf_printf(out, " · styr report</title><style>%s</style></head><body>\n", page_style);
    header(&p);
    buf_puts(out, "<noscript><p class=\"empty\">The tables of items and outputs need JavaScript; the summary "
                  "and the charts do not.</p></noscript>");
    summary(&p);
    for (int i = 0; i < r->nrules; i++) rule_section(&p, i);
    bool others = false;
    for (int k = 0; k < r->noutputs; k++)
        if (rep_output_rule(r, k) < 0) {
            if (!others) buf_puts(out, "<section><h2>Other outputs</h2>");
            others = true;
            output_section(&p, k);
        }
    if (others) buf_puts(out, "</section>");
    buf_puts(out, "<footer>Numbers are exact as shown; money shows a fraction of an øre where there is one. "
                  "The JSON and CSV reports (styr check --format json|csv) are the exact record; charts are "
                  "drawn to scale from the same figures.</footer></main>\n");
    page_data(&p, danish);
    buf_printf(out, "<script>%s</script>\n</body></html>\n", page_script);
    buf_free(&p.scratch);
}
