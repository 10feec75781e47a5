"""The scale benchmark's table: medians over interleaved rounds, the ratio of the medians and the rounds' range."""

from tests.benchmarks import script


def _module():
    return script("bench_scale")


def _rows(text):
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines()[2:]]


def test_one_round_gives_the_plain_ratio():
    bench = _module()
    rows = _rows(bench.table([bench.Measure(1000, "duckdb", 2.0, 1.5, 100.0),
                              bench.Measure(1000, "check", 5.0, 4.0, 200.0)]))
    assert rows == [["1,000", "duckdb", "2.00", "1.50", "", "100", ""],
                    ["1,000", "check", "5.00", "4.00", "2.5×", "200", ""]]


def test_rounds_give_medians_the_ratio_of_medians_and_each_rounds_ratio():
    bench = _module()
    m = bench.Measure
    results = [m(10, "duckdb", 1.0, 1.0, 50.0), m(10, "check", 4.0, 3.0, 70.0),
               m(10, "duckdb", 2.0, 1.0, 60.0), m(10, "check", 5.0, 3.0, 90.0),
               m(10, "duckdb", 1.5, 1.0, 55.0), m(10, "check", 3.0, 5.0, 80.0)]
    duckdb, check = _rows(bench.table(results))
    assert duckdb[2] == "1.50 (1.00–2.00)" and duckdb[5] == "60" and duckdb[6] == "3 rounds"
    # medians 4.0 / 1.5; the rounds: 4/1, 5/2, 3/1.5
    assert check[2] == "4.00 (3.00–5.00)" and check[3] == "3.00"
    assert check[4] == "2.7× (2.0–4.0×)"
    assert check[5] == "90"


def test_a_killed_round_shows_as_beyond_the_timeout():
    bench = _module()
    rows = _rows(bench.table([bench.Measure(10, "duckdb", 1.0, 1.0, 50.0),
                              bench.Measure(10, "check", None, 900.0, 70.0, "killed")]))
    assert rows[1][2] == "> 900" and rows[1][4] == "> 900×"
