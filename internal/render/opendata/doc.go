// Package opendata writes the portal's open-data and discovery files: a
// report as a CSV laid out like the national form, three dataset CSVs over
// many reports (one per table, in tidy long form for analysis), an Atom
// feed, a sitemap and robots.txt. Every function streams to an io.Writer
// through a buffered writer and never holds a whole file in memory.
//
// # CSV files
//
// All CSV files are RFC 4180: UTF-8 starting with a byte order mark (so
// that Excel opens the Chinese text correctly; encoding/csv and other
// readers must strip it), CRLF line endings, fields quoted when needed.
// A blank cell (null in the content, not reported) is an empty field, never
// 0. Numbers are written as plain decimals without exponent or grouping
// (83.82, -46, 3481775656); 本年增/减 keeps its sign only when negative.
//
// Text fields (agency names, titles, labels, keys, units) that begin with
// =, +, -, @, a tab or a carriage return are prefixed with a single quote
// (') so that a spreadsheet does not read them as a formula (OWASP, CSV
// injection). Numeric fields are never altered: -3 stays -3. In CRLF mode
// the CSV writer drops a carriage return that is not part of a line end.
//
// # The report CSV (ReportCSV)
//
// One report, in blocks separated by an empty line; every line is padded
// to ten fields, so that the file is a rectangle for any CSV reader:
//
//	机关,<name>            header block: 机关, 年度, 标题, 发布日期, 版式 (2019, 2021 or mixed)
//	二、主动公开政府信息情况
//	第二十条第（一）项          one block per item of Article 20, in the rows of the table's layout
//	信息内容,<column>,…     the item's own column labels; an amount is followed by 单位
//	规章,0,0,11
//	增列                     rows a province adds: 信息内容,数值,单位
//	三、收到和处理政府信息公开申请情况
//	项目,办理结果,细项,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计
//	四、政府信息公开行政复议、行政诉讼情况
//	类别,分组,结果维持,结果纠正,其他结果,尚未审结,总计
//
// Section 三 has one line per row of the form: 项目 is the top-level row
// (一、… to 四、…), 办理结果 the outcome row or group under 三、本年度办理结果
// (（三）不予公开), 细项 the sub-item (1.属于国家秘密). Section 四 has a line per
// group: 行政复议; 行政诉讼 未经复议直接起诉; 行政诉讼 复议后起诉. A table
// the report lacks is written with the rows of the layout of its year and
// every cell blank. An amount is written as printed, with its unit (元, 万元,
// 亿元) in the 单位 column; empty when the report gives none, except for the
// 2021 本年收费金额, whose unit the form fixes as 万元.
//
// # The dataset CSVs (Table2CSV, Table3CSV, Table4CSV)
//
// One header line, then data lines. Our own columns have English snake_case
// names; the columns of the form keep the form's Chinese labels. Every line
// starts with the report's identity:
//
//	agency_key, agency, province, city, district, level, year, layout
//
// agency is the agency's name, or its description when the name is
// unknown; the agency columns are empty when the record is missing. layout
// is the report's layout: 2019, 2021 or mixed. Reports are written in the
// order given; a report without the table has no lines.
//
// Table2CSV (二), one line per report × row × column, then one per extra row:
//
//	…, item, row, column, value, unit, value_yuan
//
// item is the clause of Article 20 (第二十条第（一）项), empty for the rows a
// province adds (whose column is empty too); row and column are the form's
// labels in the layout of the table. For amounts, value and unit are as
// printed (unit 万元 for the 2021 本年收费金额 when none is written) and
// value_yuan is the amount in 元, empty when the unit is unknown; unit and
// value_yuan are empty for counts and blank cells. Rows of the layout that
// the report leaves out have no lines, as they have no member in the JSON.
//
// Table3CSV (三), one line per report × row of the form:
//
//	…, row_key, group, row, 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
//
// row_key is the canonical key of the open-data JSON
// (（三）不予公开/1.属于国家秘密), group the outcome group of a sub-item (else
// empty) and row the row's own label.
//
// Table4CSV (四), one line per report × group:
//
//	…, group, 结果维持, 结果纠正, 其他结果, 尚未审结, 总计
//
// with group 行政复议, 未经复议直接起诉 or 复议后起诉 (the last two are 行政诉讼).
//
// # Feed, sitemap and robots.txt
//
// Feed writes an Atom 1.0 feed (RFC 4287) in Chinese (xml:lang zh-CN):
// feed id, title, updated, link rel=self and rel=alternate; then the entries
// newest first by publication date, each with id, title, updated (else
// published, else the feed's), published, author (the agency), link
// rel=alternate and a plain-text summary. Times are RFC 3339 in UTC.
// Sitemap writes a sitemaps.org 0.9 urlset of at most 50,000 absolute URLs
// with optional lastmod dates. Robots writes a robots.txt allowing every
// crawler and naming the sitemap.
package opendata
