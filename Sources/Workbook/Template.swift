/// Writes the blank workbooks of `chanjiao template colleges|demand`.
public enum TemplateWriter {
    /// The read-me sheet's name.
    public static let readmeName = "说明"
    /// The hidden sheet holding the validation lists.
    public static let listsName = "列表"
    /// Rows of a data sheet that carry the validation lists.
    static let validatedRows = 2000

    /// A district or cluster offered in the template's lists: its id and, for clusters, its name.
    public struct Choice: Sendable {
        /// What the XML holds.
        public var id: String
        /// The name shown beside it (`名称(id)`), or nil to show the id alone.
        public var name: String?
        /// Creates a choice.
        public init(id: String, name: String? = nil) {
            self.id = id
            self.name = name
        }
        var shown: String { name.map { "\($0)(\(id))" } ?? id }
    }

    /// The template of `form`, with the districts and clusters of the scope in its lists.
    public static func workbook(_ form: WorkbookForm, districts: [String], clusters: [Choice]) -> WorkbookDocument {
        var lists: [(name: String, values: [String])] = []
        func listColumn(_ name: String, _ values: [String]) -> Int {
            if let i = lists.firstIndex(where: { $0.name == name }) { return i + 1 }
            lists.append((name, values))
            return lists.count
        }
        var book = WorkbookDocument()
        book.sheets.append(readme(form))
        for spec in form.sheets {
            var sheet = WorkbookDocument.Sheet(name: spec.name)
            sheet.frozenHeader = true
            sheet.rows = [spec.fields.map { WorkbookDocument.Cell(.text($0.header), style: .header) }]
            sheet.widths = spec.fields.map { max(10, Double(WorkbookDocument.Sheet.displayWidth($0.header)) + 2) }
            for (i, f) in spec.fields.enumerated() {
                let column = i + 1
                if !f.type.isNumeric { sheet.textColumns.insert(column) }
                var list: Int?
                switch f.type {
                case .choice(let options):
                    let name = options.map(\.chinese).joined(separator: "/")
                    list = listColumn(name, options.map { "\($0.chinese)(\($0.token))" })
                case .scoped(let what):
                    list = what == "district" ? listColumn("区县", districts) : listColumn("产业集群", clusters.map(\.shown))
                default: list = nil
                }
                if let list {
                    let letters = CellRef.letters(column)
                    let values = lists[list - 1].values.count
                    let listLetters = CellRef.letters(list)
                    sheet.validations.append(
                        WorkbookDocument.ListValidation(
                            range: "\(letters)2:\(letters)\(validatedRows)",
                            source: "'\(listsName)'!$\(listLetters)$2:$\(listLetters)$\(max(2, values + 1))"))
                }
            }
            book.sheets.append(sheet)
        }
        var listSheet = WorkbookDocument.Sheet(name: listsName)
        listSheet.hidden = true
        let height = (lists.map(\.values.count).max() ?? 0) + 1
        for r in 0..<height {
            var row: [WorkbookDocument.Cell?] = []
            for l in lists {
                if r == 0 {
                    row.append(WorkbookDocument.Cell(.text(l.name), style: .header))
                } else {
                    row.append(r - 1 < l.values.count ? WorkbookDocument.Cell(.text(l.values[r - 1])) : nil)
                }
            }
            listSheet.rows.append(row)
        }
        listSheet.fitWidths()
        book.sheets.append(listSheet)
        return book
    }

    static func readme(_ form: WorkbookForm) -> WorkbookDocument.Sheet {
        var sheet = WorkbookDocument.Sheet(name: readmeName)
        typealias C = WorkbookDocument.Cell
        func line(_ cells: [C?]) { sheet.rows.append(cells) }
        let title = form == .colleges ? "院校专业点填报模板（chanjiao template colleges）" : "行业需求填报模板（chanjiao template demand）"
        line([C(.text(title), style: .bold)])
        line([
            C(
                .text(
                    form == .colleges
                        ? "每个工作表填一类记录：学校、专业点（每行一个专业，用学校代码连到学校）、历年数据（每行一年，用专业点代码连到专业点）。"
                        : "每个工作表填一类记录：需求（只填一行：本次提交）、岗位（每行一个岗位）、技能（每行一项技能，用岗位编号连到岗位）。"))
        ])
        line([C(.text("第一行是列名：中文名后的括号里是 XML 属性名，请勿修改；列的顺序可以调整。不要合并单元格，不要隐藏工作表；公式须保存计算结果。"))])
        line([C(.text("带下拉列表的列请从列表中选择；代码列已设为文本格式，以免专业代码开头的 0 丢失。"))])
        line([C(.text("检查：chanjiao validate 文件.xlsx（错误会指出单元格，如 program!C17）；转换：chanjiao import-xlsx 文件.xlsx --out 文件.xml。"))])
        line([])
        line([
            C(.text("工作表"), style: .header), C(.text("列名"), style: .header), C(.text("属性"), style: .header),
            C(.text("必填"), style: .header), C(.text("填写说明"), style: .header),
        ])
        for spec in form.sheets {
            for f in spec.fields {
                line([
                    C(.text("\(spec.name)（\(spec.chinese)）")), C(.text(f.chinese)), C(.text(f.key)),
                    C(.text(f.required ? "是" : "否")), C(.text(f.note)),
                ])
            }
        }
        sheet.widths = [18, 20, 18, 6, 90]
        return sheet
    }
}
