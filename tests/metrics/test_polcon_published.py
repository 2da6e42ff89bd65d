"""POLCON III and V against Henisz's published values (QoG ``h_polcon3``, ``h_polcon5``).

Sources: two editions of the Quality of Government Standard Dataset, cross-section
(University of Gothenburg, QoG Institute), as mirrored in public repositories:

* ``QoGStdCSJan20`` (the rows' ``version``): ``lumardi/cross-country``, file
  ``qog_std_cs_jan20.csv`` at commit 1f26296beda8d262812a60a78aba51f7f0b7cbb5. One year
  per variable, 2016 or the nearest within three years (QoG's rule; the Jan16, Jan17,
  Jan18 and Jan24 editions take 2012, 2013, 2014 and 2020, so Jan20 takes 2016:
  inferred, the year is not in the file); the alignments fit 1 January 2016 (a
  Democratic US president facing a Republican Congress, a Republican French Senate
  facing a Socialist president).
* ``QoGStdCSJan17``: ``diegoleonbarido/energy-transitions``, file
  ``qog_std_cs_jan17.csv`` at commit cdc263c94d53710102f8c641e085da5f7d2bdafa; data
  "from and around 2013" (the edition's abstract, https://papers.ssrn.com/author=3590073).

QoG takes Henisz's POLCON variables unchanged: ``h_polcon3`` (POLCON III), ``h_polcon5``
(POLCON V: with the judiciary and sub-federal units), ``h_l1`` / ``h_l2`` (lower / upper
chamber counted as an effective veto point), ``h_alignl1`` / ``h_alignl2`` (chamber
aligned with the executive), ``h_lflo`` / ``h_lfup`` (chamber fractionalization),
``h_j`` (judiciary coded independent), ``h_f`` (sub-federal entities coded as a veto
point). Jan20 stores float32 (resolution near 0.5 is 3e-8), Jan17 rounds some
fractionalizations to two decimals; values are compared to 1e-6 (the largest residual
below is 3e-8).

Confidence: the values were read by column position from the CSVs (``h_alignl1`` ...
``h_polcon5`` sit between ``gpi_jail`` and ``hf_business`` in Jan20, between
``gwf_regimetype`` and ``hf_business`` in Jan17; each row was checked against its
neighbours, e.g. Global Peace Index and Heritage scores of the right size, the seat
count of the lower chamber: 630 for Italy, 475 for Japan, 255 for Côte d'Ivoire, 128
for Lebanon, 120 for Kyrgyzstan, 149 for Laos, 63 for Jamaica); high for the numbers,
medium for the Jan20 year.

What the rows show:

* Kazakhstan, in both editions (and Uzbekistan, Tanzania in Jan20): no chamber is coded
  effective (``h_l1 = h_l2 = 0``, from Polity's executive-constraints coding), so
  POLCON III is the executive alone, 0 (POLCON V is 0 too where published: Kazakhstan
  2013, Uzbekistan, and Tanzania although its judiciary is coded independent, ``h_j =
  1``; Kazakhstan 2016 has no POLCON V). govsim counts every lawmaking chamber de jure
  and gives Kazakhstan 2019 more than 0 (the gap the docstring of ``veto.polcon``
  describes).
* Every row with effective chambers (single aligned chamber: Italy, Germany, Laos,
  Kuwait, Kyrgyzstan, Russia, Rwanda; Georgia and Gabon 2013; two aligned: Japan (2016
  and 2013), Uruguay; two opposed: the United States, Romania; one aligned and one
  opposed: France) follows one rule: ``POLCON III = B_k * mean_c(s_c)``, ``k`` the
  number of effective chambers, ``s_c = F_c`` for a chamber aligned with the executive
  and ``1 - F_c`` for an opposed one, ``B_1 = 0.6667`` and ``B_2 = 0.8`` (0.6667, not
  2/3: Georgia 2013 publishes 0.240012 = 0.6667 * 0.36 exactly, and 2/3 leaves
  residuals up to 2.4e-5 on the Jan20 single-chamber rows). This is the alignment and
  fractionalization step of Henisz (2000, 2002) as the dataset applies it, including
  the opposed-chamber effect (fractionalization lowers the constraint). ``veto.polcon``
  computes it (``veto.polcon_from_chambers``); it replaced a reconstruction (an aligned
  chamber absorbed with probability ``1 - F``, an opposed one independent, ``base(n) =
  1 - 6 / ((n + 1)(n + 2))``) that gave 0.5 * F for one aligned chamber (Italy 0.365
  against 0.486) and 0.7 for two opposed chambers (the United States against 0.395).
* POLCON V of unitary polities (``h_f = 0``): with the judiciary coded dependent
  (``h_j = 0``: Laos, Jamaica, Côte d'Ivoire in Jan20, Guyana in Jan17) it equals
  POLCON III; with it coded independent (``h_j = 1``) it is ``0.6667 + D_k *
  mean_c(s_c)``, ``D_1 = 0.13333`` (Italy, Lebanon, Kyrgyzstan in Jan20, residuals
  below 2e-8) and ``D_2 = 0.1333`` (Japan in Jan20, 1e-8): the executive and the
  judiciary give 2/3 and the chambers at full strength 4/5, with one chamber or two.
  Japan 2013 (Jan17) publishes 0.7477048, exactly ``0.667 + 0.1333 * mean(s)``: 3e-4
  above the rule, 2/3 rounded to three places in that row. Federal rows (``h_f = 1``)
  were not read, so the sub-federal step is not established.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsim.errors import ValidationError
from govsim.metrics import veto as v
from govsim.scenarios.kazakhstan import kazakhstan_2019


class Row(NamedTuple):
    """One country's POLCON III inputs and value as QoG publishes them."""

    iso: str  # ISO code and the edition's data year
    chambers: tuple[tuple[float, bool], ...]  # (h_lflo or h_lfup, aligned) per effective chamber
    polcon3: float  # h_polcon3


#: Rows where no chamber is coded effective (h_l1 = h_l2 = 0); Jan20 records h_lflo all
#: the same (Kazakhstan 0.2737218737602234, Uzbekistan 0.7224985957145691, Tanzania
#: 0.4240687787532806), Jan17 records 0 for Kazakhstan; it enters nothing.
NO_EFFECTIVE_CHAMBER = [
    Row("KAZ 2016", (), 0.0),
    Row("KAZ 2013", (), 0.0),
    Row("UZB 2016", (), 0.0),
    Row("TZA 2016", (), 0.0),
]

#: Rows with effective chambers: (fractionalization, h_alignl = 1) per chamber counted.
WITH_CHAMBERS = [
    Row("ITA 2016", ((0.7294067144393921, True),), 0.4862954616546631),
    Row("DEU 2016", ((0.7165164947509766, True),), 0.4777015745639801),
    Row("LAO 2016", ((0.0592181347310543, True),), 0.0394807308912277),
    Row("KWT 2016", ((0.7069388031959534, True),), 0.4713160693645477),
    Row("KGZ 2016", ((0.3588014841079712, True),), 0.2392129600048065),
    Row("RUS 2016", ((0.6441969871520996, True),), 0.4294861257076263),
    Row("RWA 2016", ((0.6196202635765076, True),), 0.4131008088588715),
    Row("JPN 2016", ((0.4916189312934875, True), (0.7012448310852051, True)), 0.4771454930305481),
    Row("URY 2016", ((0.6285302042961121, True), (0.6183907985687256, True)), 0.4987683892250061),
    Row("USA 2016", ((0.4919328391551971, False), (0.5195959806442261, False)), 0.3953884840011597),
    Row("ROU 2016", ((0.7321153283119202, False), (0.7033317089080811, False)), 0.2258211970329285),
    Row("FRA 2016", ((0.621539831161499, True), (0.7080724835395813, False)), 0.3653869330883026),
    Row("JPN 2013", ((0.52999997, True), (0.68087512, True)), 0.48435003),
    Row("GEO 2013", ((0.36000001, True),), 0.240012),
    Row("GAB 2013", ((0.090000004, True),), 0.060003001),
]

#: float32 storage in the QoG file; see the module docstring.
PUBLISHED_TOL = 1e-6

#: B_k of the published rows: the constraint of k effective chambers at full strength.
HENISZ_B = {1: 0.6667, 2: 0.8}


def _published_rule(row: Row) -> float:
    """``B_k * mean(s_c)``, ``s_c = F_c`` if aligned else ``1 - F_c`` (module docstring)."""
    if not row.chambers:
        return 0.0
    s = np.array([f if aligned else 1.0 - f for f, aligned in row.chambers])
    return HENISZ_B[len(row.chambers)] * float(s.mean())


@pytest.mark.parametrize("row", NO_EFFECTIVE_CHAMBER, ids=lambda r: r.iso)
def test_no_effective_chamber_is_the_executive_alone(row: Row) -> None:
    """With no chamber counted POLCON III is the executive's alone: 0 in the dataset and
    in govsim's core, and POLCON V too, even with an independent judiciary (Tanzania)."""
    assert row.polcon3 == 0  # exact: the published value is a literal 0
    assert v.polcon_from_chambers([], []) == row.polcon3  # exact: the k = 0 branch
    assert v.polcon_from_chambers([], [], judiciary=1.0) == row.polcon3  # exact: as above


def test_kazakhstan_de_jure_exceeds_the_published_zero() -> None:
    """govsim counts the Mazhilis and the Senate of 2019 as veto points (de jure); the
    dataset codes neither as effective in 2013 and 2016 (h_l1 = h_l2 = 0; the chambers
    were the same under the 1995 Constitution) and publishes 0. Taken as not
    counted, govsim's rule gives the published value."""
    polity = kazakhstan_2019()
    chambers = v.polcon_inputs(polity)
    assert [c for c, _, _ in chambers] == ["mazhilis", "senate"]
    # 0.757 today (the Mazhilis without party data s = 1, the Senate aligned, s = F)
    assert v.polcon(polity) > NO_EFFECTIVE_CHAMBER[0].polcon3 + 0.1
    assert v.polcon_from_chambers([], []) == NO_EFFECTIVE_CHAMBER[0].polcon3  # exact: k = 0


@pytest.mark.parametrize("row", WITH_CHAMBERS, ids=lambda r: r.iso)
def test_published_rows_follow_the_alignment_step(row: Row) -> None:
    """Every published row with effective chambers is ``B_k * mean(s_c)`` to float32
    precision (module docstring): the worked examples of Henisz's alignment and
    fractionalization step, aligned, opposed and mixed chambers."""
    assert _published_rule(row) == pytest.approx(row.polcon3, abs=PUBLISHED_TOL)


def test_two_thirds_is_rounded_in_the_published_single_chamber_rows() -> None:
    """B_1 is 0.6667 in the data, not 2/3: the single-chamber rows match 0.6667 * F, and
    0.6667 * F - 2/3 * F = 3.3e-5 * F exceeds 1e-5 on every row with F > 0.5."""
    single = [r for r in WITH_CHAMBERS if len(r.chambers) == 1]
    f = np.array([r.chambers[0][0] for r in single])
    published = np.array([r.polcon3 for r in single])
    np.testing.assert_allclose(published, 0.6667 * f, atol=PUBLISHED_TOL)
    big = f > 0.5
    assert np.all(np.abs(published[big] - 2.0 / 3.0 * f[big]) > 1e-5)


@pytest.mark.parametrize("row", WITH_CHAMBERS, ids=lambda r: r.iso)
def test_veto_polcon_reproduces_every_published_row(row: Row) -> None:
    """govsim's POLCON III core on the dataset's own inputs (the effective chambers'
    ``h_lflo`` / ``h_lfup`` and ``h_alignl1`` / ``h_alignl2``) against ``h_polcon3``
    (QoG Standard CS Jan20 and Jan17; sources in the module docstring)."""
    f = [x for x, _ in row.chambers]
    aligned = [a for _, a in row.chambers]
    assert v.polcon_from_chambers(f, aligned) == pytest.approx(row.polcon3, abs=PUBLISHED_TOL)


class RowV(NamedTuple):
    """One unitary country's POLCON V inputs and value as QoG publishes them (h_f = 0)."""

    iso: str
    chambers: tuple[tuple[float, bool], ...]  # (h_lflo or h_lfup, aligned) per effective chamber
    judiciary: float  # h_j
    polcon3: float  # h_polcon3
    polcon5: float  # h_polcon5


#: POLCON V rows read from the same files (h_f = 0 in every one); the POLCON III values
#: of Italy, Kyrgyzstan, Laos and Japan are those of ``WITH_CHAMBERS``.
POLCON_V_ROWS = [
    RowV("ITA 2016", ((0.7294067144393921, True),), 1.0, 0.4862954616546631, 0.7639517784118652),
    RowV("LBN 2016", ((0.7969980239868164, True),), 1.0, 0.5313585996627808, 0.7729637622833252),
    RowV("KGZ 2016", ((0.3588014841079712, True),), 1.0, 0.2392129600048065, 0.7145389914512634),
    RowV(
        "JPN 2016",
        ((0.4916189312934875, True), (0.7012448310852051, True)),
        1.0,
        0.4771454930305481,
        0.7462043762207031,
    ),
    RowV("LAO 2016", ((0.0592181347310543, True),), 0.0, 0.0394807308912277, 0.0394807308912277),
    RowV("CIV 2016", ((0.6456384062767029, True),), 0.0, 0.43044713139534, 0.43044713139534),
    RowV(
        "JAM 2016",
        ((0.4516128897666931, True), (0.4952380955219269, True)),
        0.0,
        0.3787404000759125,
        0.3787404000759125,
    ),
    RowV("GUY 2013", ((0.60000002, True),), 0.0, 0.40002, 0.40002),
    RowV("TZA 2016", (), 1.0, 0.0, 0.0),
]

#: Japan 2013 (Jan17): h_j = 1, h_f = 0, both chambers aligned.
JAPAN_2013_V = RowV(
    "JPN 2013", ((0.52999997, True), (0.68087512, True)), 1.0, 0.48435003, 0.7477048
)


def _published_rule_v(row: RowV) -> float:
    """POLCON V of a unitary polity: POLCON III if ``h_j = 0``, else ``0.6667 + D_k *
    mean(s)`` (``D_1 = 0.13333``, ``D_2 = 0.1333``), 0 without chambers (module docstring)."""
    if not row.chambers:
        return 0.0
    s = np.array([f if aligned else 1.0 - f for f, aligned in row.chambers])
    if row.judiciary == 0.0:  # exact: h_j is a 0/1 code
        return _published_rule(Row(row.iso, row.chambers, row.polcon3))
    return 0.6667 + {1: 0.13333, 2: 0.1333}[len(row.chambers)] * float(s.mean())


@pytest.mark.parametrize("row", POLCON_V_ROWS, ids=lambda r: r.iso)
def test_polcon_v_rows_follow_the_judiciary_step(row: RowV) -> None:
    """The unitary POLCON V rows: the rule of the module docstring, independently of
    govsim, then govsim's core on the same inputs (``h_j`` as the court's independence)."""
    assert _published_rule_v(row) == pytest.approx(row.polcon5, abs=PUBLISHED_TOL)
    f = [x for x, _ in row.chambers]
    aligned = [a for _, a in row.chambers]
    assert v.polcon_from_chambers(f, aligned) == pytest.approx(row.polcon3, abs=PUBLISHED_TOL)
    got = v.polcon_from_chambers(f, aligned, judiciary=row.judiciary)
    assert got == pytest.approx(row.polcon5, abs=PUBLISHED_TOL)


def test_japan_2013_polcon_v_rounds_two_thirds_to_three_places() -> None:
    """The one unitary POLCON V row off the rule: Japan 2013 is 3e-4 above it, exactly the
    rule with 0.667 for 2/3 (not established why that row rounds differently)."""
    row = JAPAN_2013_V
    f = [x for x, _ in row.chambers]
    aligned = [a for _, a in row.chambers]
    got = v.polcon_from_chambers(f, aligned, judiciary=1.0)
    assert row.polcon5 - got == pytest.approx(3e-4, abs=PUBLISHED_TOL)
    mean_s = float(np.mean(f))
    assert row.polcon5 == pytest.approx(0.667 + 0.1333 * mean_s, abs=PUBLISHED_TOL)
    # its POLCON III follows the rule (WITH_CHAMBERS)
    assert v.polcon_from_chambers(f, aligned) == pytest.approx(row.polcon3, abs=PUBLISHED_TOL)


def _plain_polcon(chambers: list[tuple[float, bool]], judiciary: float) -> float:
    """The rule written out chamber by chamber, in plain Python (the reference of the
    vectorized core): ``F = nan`` is one actor of its own, ``s = 1``."""
    k = len(chambers)
    if k == 0:
        return 0.0
    total = 0.0
    for f, aligned in chambers:
        if f != f:  # nan: no party data
            total += 1.0
        elif aligned:
            total += f
        else:
            total += 1.0 - f
    mean = total / k
    three = {1: 0.6667, 2: 0.8}[k] * mean
    five = 0.6667 + {1: 0.13333, 2: 0.1333}[k] * mean
    return (1.0 - judiciary) * three + judiciary * five


@given(
    chambers=st.lists(
        st.tuples(st.one_of(st.floats(0.0, 1.0), st.just(float("nan"))), st.booleans()),
        max_size=2,
    ),
    judiciary=st.floats(0.0, 1.0),
)
def test_core_equals_the_plain_rule(chambers: list[tuple[float, bool]], judiciary: float) -> None:
    f = [x for x, _ in chambers]
    aligned = [a for _, a in chambers]
    got = v.polcon_from_chambers(f, aligned, judiciary=judiciary)
    assert got == pytest.approx(_plain_polcon(chambers, judiciary), abs=1e-12)
    assert 0.0 <= got <= 1.0


def test_bad_core_inputs_name_the_field() -> None:
    with pytest.raises(ValidationError, match="'fractionalization'"):
        v.polcon_from_chambers([1.5], [True])
    with pytest.raises(ValidationError, match="'fractionalization'"):
        v.polcon_from_chambers(["a"], [True])
    with pytest.raises(ValidationError, match="'fractionalization'"):
        v.polcon_from_chambers([[0.1, 0.2]], [True, True])
    with pytest.raises(ValidationError, match="MAX_POLCON_CHAMBERS"):
        v.polcon_from_chambers([0.5, 0.5, 0.5], [True, True, True])
    with pytest.raises(ValidationError, match="'aligned'"):
        v.polcon_from_chambers([0.5, 0.5], [True])
    with pytest.raises(ValidationError, match="'aligned'"):
        v.polcon_from_chambers([0.5], [1])
    with pytest.raises(ValidationError, match="'judiciary'"):
        v.polcon_from_chambers([0.5], [True], judiciary=1.5)


def test_the_full_strength_constants_are_one_minus_the_expected_winset() -> None:
    """``B_k = 1 - E|W_n|`` for ``n = k + 1`` veto players (the constants' docstring), the
    winset of ideal points and status quo i.i.d. uniform on [0, 1]: it is ``2 (m - q)``
    below the lowest point ``m`` and ``2 (q - M)`` above the highest ``M``, so ``E|W_n| =
    2 E[m^2]``, with ``m``'s density ``n (1 - x)^(n - 1)``, integrated here by quadrature
    against the closed form ``4 / ((n + 1)(n + 2))``; the dataset rounds 2/3 to 0.6667."""
    x, w = np.polynomial.legendre.leggauss(20)
    x, w = (x + 1) / 2, w / 2  # Gauss-Legendre on [0, 1]: exact for these polynomials
    for k, published in v.POLCON3_FULL.items():
        n = k + 1
        winset = 2 * float(np.sum(w * n * (1 - x) ** (n - 1) * x**2))
        assert winset == pytest.approx(4 / ((n + 1) * (n + 2)), rel=1e-12)
        assert published == pytest.approx(0.0 if k == 0 else 1 - winset, abs=5e-5)
