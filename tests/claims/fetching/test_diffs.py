"""A stored evidence diff read back with the words that changed marked."""

from claims.fetching.diffs import Change, Piece, read_unified_diff, tokens, word_diff
from claims.fetching.text import text_diff

SAME, INS, DEL = Change.SAME, Change.INSERTED, Change.DELETED


def test_chinese_is_compared_word_by_word_not_line_by_line():
    assert word_diff(
        "小米汽车将于2024年上半年量产。", "小米汽车将于2024年下半年实现量产。"
    ) == [
        Piece(SAME, "小米汽车将于2024年"),
        Piece(DEL, "上半年"),
        Piece(INS, "下半年实现"),
        Piece(SAME, "量产。"),
    ]


def test_english_words_are_compared_as_words():
    assert word_diff("The quick brown fox.", "The quick red fox jumps.") == [
        Piece(SAME, "The quick "),
        Piece(DEL, "brown"),
        Piece(INS, "red"),
        Piece(SAME, " fox"),
        Piece(INS, " jumps"),
        Piece(SAME, "."),
    ]


def test_tokens_join_back_to_the_text():
    text = "雷军表示：小米汽车 SU7 will ship in 2024年上半年!\n第二行"
    assert "".join(tokens(text)) == text
    assert "小米" in tokens(text) and "ship" in tokens(text)


def test_a_stored_unified_diff_is_read_back_line_by_line_with_word_changes():
    old = (
        "第一段不变。\n价格为三十万元以内。\n第三段不变。\n"
        + "中间\n" * 5
        + "旧的结尾。"
    )
    new = (
        "第一段不变。\n价格为二十万元以内。\n第三段不变。\n"
        + "中间\n" * 5
        + "新的结尾。"
    )
    lines = read_unified_diff(text_diff(old, new))
    shown = [
        "gap" if line.gap else [(p.change, p.text) for p in line.pieces]
        for line in lines
    ]
    assert shown == [
        [(SAME, "第一段不变。")],
        [(SAME, "价格为"), (DEL, "三十万元"), (INS, "二十万元"), (SAME, "以内。")],
        [(SAME, "第三段不变。")],
        "gap",
        [(SAME, "中间")],
        [(DEL, "旧"), (INS, "新"), (SAME, "的结尾。")],
    ]


def test_a_line_only_removed_or_only_added_is_wholly_deleted_or_inserted():
    lines = read_unified_diff("@@ -1,2 +1,2 @@\n-删掉的一行\n 不变\n+新加的一行")
    assert [[(p.change, p.text) for p in line.pieces] for line in lines] == [
        [(DEL, "删掉的一行")],
        [(SAME, "不变")],
        [(INS, "新加的一行")],
    ]


def test_a_cut_diff_says_so():
    lines = read_unified_diff("@@ -1 +1 @@\n-甲\n+乙\n… (diff cut)")
    assert lines[-1].cut
