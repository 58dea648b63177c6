"""Roles read from the clause, end to end on sentences of our own (issue 8, items 2-4; issue 9,
item 3).

- A coordinated verb is an act of its own: its lemma is no context word for the first one
  ("sending lava ... and forcing residents out" deploys no forces).
- A deal reached "after talks in X" was reached in X; the talks, presupposed by "after", are no
  generic talk even inside an infinitive ("agreed to reopen ... after talks").
- "The two leaders" are the two people named last before, in text order; "X met Y, and the two
  sides agreed" names X and Y.
- A town reached through "the streets of" is where a protest marched, not whom it addressed.
- A past year's possessive ("last year's vote") dates its noun, not the accusation about it.
- The noun a relative clause hangs on is whom its verb acts on ("officials it accused").
- A defender who repels an attack is its target; "an exchange of fire" is fighting; blocking an
  avenue is a protest; a bare "strike" among pay and unions is a walkout.
"""
from __future__ import annotations

from datetime import date

import texts
from texts import of_type

PUB = date(2026, 5, 14)   # a Thursday


def events(resources, text: str) -> list[dict]:
    return texts.extract_text(resources, text, PUB, aid="roles")


def test_a_coordinated_verb_lends_no_context_word(resources):
    evs = events(resources, "The volcano erupted on Wednesday, sending ash over the valley and forcing "
                            "hundreds of farmers from their land.")
    assert not of_type(evs, "MOBILIZE")


def test_a_deal_after_talks_in_a_city_is_placed_there(resources):
    (ev,) = of_type(events(resources, "Chad and Niger agreed on Wednesday to reopen their shared border, "
                                      "after talks in Niamey between the two presidents."), "AGREE")
    assert ev["location"] == "Niamey" and ev["country"] == "NER"


def test_a_truce_after_mediated_talks_is_placed_at_them(resources):
    (ev,) = of_type(events(resources, "The two militias agreed to a truce on Tuesday after talks hosted by "
                                      "Kenya in Mombasa."), "AGREE")
    assert ev["location"] == "Mombasa"


def test_fighting_after_talks_is_not_placed_at_them(resources):
    evs = of_type(events(resources, "Fighting resumed in Goma on Wednesday after talks in Luanda."), "ASSAULT")
    assert evs and all(e["location"] != "Luanda" for e in evs)


def test_the_two_leaders_are_the_two_people_named_before(resources):
    evs = events(resources, "Kenya and Uganda signed a trade accord in Kampala on Wednesday. President William "
                            "Ruto later held talks with President Yoweri Museveni. The two leaders pledged to "
                            "build a railway line together.")
    (ev,) = [e for e in evs if "two leaders" in e["sentence"]]
    assert {ev["actor1"], ev["actor2"]} == {"William Ruto", "Yoweri Museveni"}


def test_the_streets_of_a_city_are_where_a_march_went(resources):
    (ev,) = of_type(events(resources, "Hundreds of nurses marched through the streets of Accra on Wednesday "
                                      "to demand better pay."), "PROTEST")
    assert ev["actor2"] != "Accra" and ev["actor2_country"] == "GHA" and ev["actor2_kind"] == "government"


def test_last_years_vote_does_not_date_the_accusation(resources):
    (ev,) = of_type(events(resources, "Britain imposed sanctions on Wednesday on four Belarusian judges it "
                                      "accused of jailing critics after last year's vote."), "ACCUSE")
    assert ev["event_date"] in ("2026-05-13", "2026-05-14") and not ev["background"]
    assert ev["actor2"] and "judges" in ev["actor2"]


def test_a_days_possessive_still_dates_what_happened_before_it(resources):
    (ev,) = of_type(events(resources, "The judge on Monday rejected the defence's request to delay "
                                      "Monday's hearing."), "REJECT")
    assert ev["event_date"] == "2026-05-11"


def test_the_defender_of_a_repelled_attack_is_its_target(resources):
    (ev,) = of_type(events(resources, "On Tuesday, soldiers repelled an assault on an army post near "
                                      "the town of Kaya, the army said."), "ASSAULT")
    assert ev["actor1"] != "soldiers" and ev["actor2"] == "soldiers"


def test_an_exchange_of_fire_is_fighting(resources):
    assert of_type(events(resources, "Three police officers died on Tuesday in an exchange of fire with "
                                     "smugglers near the border town of Tacna."), "ASSAULT")


def test_blocking_an_avenue_is_a_protest(resources):
    assert of_type(events(resources, "Farmers blocked the main avenue of Lima with tractors on Wednesday, "
                                     "demanding lower fuel prices."), "PROTEST")


def test_a_bare_strike_among_pay_words_is_a_walkout(resources):
    evs = events(resources, "The dockworkers' union said on Wednesday the strike would go on until the port "
                            "authority raised pay.")
    assert not of_type(evs, "ASSAULT")
    assert all(e["event_mode"] != "force" for e in evs)


def test_the_two_sides_of_a_meeting_in_the_same_sentence(resources):
    (ev,) = of_type(events(resources, "Kenya's trade minister met her Tanzanian counterpart in Arusha on "
                                      "Monday, and the two sides agreed to cut border fees."), "AGREE")
    assert (ev["actor1_country"], ev["actor2_country"]) == ("KEN", "TZA") and ev["location"] == "Arusha"


def test_who_says_a_strike_will_go_on_threatens_it(resources):
    (ev,) = of_type(events(resources, "The dockworkers' union said on Wednesday the strike would go on until "
                                      "the port authority raised pay."), "THREATEN")
    assert ev["actor1"] and "union" in ev["actor1"]
