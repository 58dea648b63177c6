from sitroom.devsplit import half_of, split


def test_split_is_balanced_deterministic_and_disjoint():
    ids = [str(i) for i in range(101)]
    tune, check = split(ids)
    assert len(tune) == 51 and len(check) == 50
    assert not set(tune) & set(check) and set(tune) | set(check) == set(ids)
    assert split(list(reversed(ids))) == (tune, check)
    assert half_of(tune[0], ids) == "tune" and half_of(check[0], ids) == "check"


def test_split_by_key():
    rows = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    tune, check = split(rows, key=lambda r: r["id"])
    assert sorted(r["id"] for r in tune + check) == ["a", "b", "c"]


def test_a_story_keeps_its_fold_whatever_else_is_added():
    from sitroom.devsplit import fold_of
    ids = [f"story-{i}" for i in range(200)]
    before = {i: fold_of(i, 5) for i in ids}
    assert set(before.values()) == set(range(5))
    assert {i: fold_of(i, 5) for i in ids + ["a-new-story"]} == {**before, "a-new-story": fold_of("a-new-story", 5)}
