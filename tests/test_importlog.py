"""The import log's text form: every error shown, repeated warnings of one kind counted with their rows."""

from qlaudit.ledgers.importlog import FileImport, ImportIssue, ImportLog


def test_repeated_warnings_are_counted_and_errors_all_shown():
    record = FileImport("expenditures", "e.csv", rows_read=8, kept=2, normalised=5, rejected=1)
    for row in range(2, 7):
        record.issues.append(ImportIssue("warning", "e.csv", "normalised: thousands separators removed", row=row,
                                         column="amount", value="1,000.00"))
    record.issues.append(ImportIssue("error", "e.csv", "not an amount", "use digits", row=9, column="amount", value="x"))
    text = ImportLog([record]).render_text(warnings_per_kind=2)
    assert text.count("row 2, column amount") == 1 and "row 4, column amount" not in text
    assert "thousands separators removed — 3 more row(s): 4, 5, 6" in text
    assert "ERROR e.csv, row 9, column amount: not an amount (value 'x') — hint: use digits" in text
    assert text.endswith("INVALID: 1 error(s); 5 warning(s)")
    assert len(ImportLog([record]).as_dict()["files"][0]["issues"]) == 6  # JSON keeps every issue
