"""How text becomes search tokens and a query becomes terms (no database)."""

from __future__ import annotations

from claims.search.text import highlight, index_tokens, query_terms, stem


def tokens(text: str) -> set[str]:
    return set(index_tokens(text).split())


def test_traditional_and_full_width_text_folds_to_simplified_lower_case():
    assert {"量产", "汽车", "su7"} <= tokens("量產的汽車ＳＵ７")
    assert query_terms("量產") == query_terms("量产")


def test_chinese_numerals_and_grouped_digits_become_the_same_number():
    assert "1200" in tokens("团队有一千二百人")
    assert "1200" in tokens("more than 1,200 people")
    assert ("1200",) in query_terms("一千二百")[0]
    assert query_terms("1,200") == [(("1200",),)]


def test_a_query_without_spaces_is_cut_into_words():
    assert query_terms("小米汽车量产") == [(("小米",),), (("汽车",),), (("量产",),)]


def test_a_long_chinese_word_also_matches_as_its_run_of_character_pairs():
    [term] = query_terms("智能手机")

    assert ("智能", "能手", "手机") in term
    assert {"智能", "能手", "手机"} <= tokens("全球智能手机销量")


def test_english_words_lose_case_plurals_and_endings():
    assert stem("cars") == stem("car")
    assert stem("ranked") == stem("ranking") == stem("rank")
    assert query_terms("Xiaomi's CARS") == [(("xiaomi",),), (("car",),)]


def test_hyphenated_words_are_a_phrase():
    assert query_terms("C-Eval") == [(("c", "eval"),)]


def test_highlight_escapes_the_text_and_marks_only_the_matches():
    marked = highlight("<b>小米汽車</b> & SU7", query_terms("汽车 su7"))

    assert marked == "&lt;b&gt;小米<mark>汽車</mark>&lt;/b&gt; &amp; <mark>SU7</mark>"


def test_highlight_cuts_a_long_passage_around_the_first_match():
    text = "word " * 100 + "SU7 launch" + " word" * 100

    marked = highlight(text, query_terms("su7"))

    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>SU7</mark>" in marked
    assert len(marked) < 200


def test_highlight_marks_numbers_however_they_are_written():
    marked = highlight("一千二百人，即1,200 people", query_terms("1200"))

    assert marked == "<mark>一千二百</mark>人，即<mark>1,200</mark> people"


def test_the_query_is_capped():
    assert len(query_terms(" ".join(f"w{n}" for n in range(100)))) == 16


def test_highlight_marks_every_form_of_an_english_word_and_skips_other_texts():
    # A text that cannot hold a match is passed over before it is split
    # into words (``match_spans``): every form the stemmer folds together
    # must still be marked, including those it respells (studies: study).
    assert (
        highlight("Studies show", query_terms("study")) == "<mark>Studies</mark> show"
    )
    assert highlight("she was studying", query_terms("studies")) == (
        "she was <mark>studying</mark>"
    )
    assert highlight("Planned cuts", query_terms("plans cut")) == (
        "<mark>Planned</mark> <mark>cuts</mark>"
    )
    assert highlight("C-Eval 排名", query_terms("c-eval")) == "<mark>C-Eval</mark> 排名"
    assert highlight("nothing to see here", query_terms("studies 汽车")) is None
