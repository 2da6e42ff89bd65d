"""Tests of govsim.ensemble: same results on every executor, failures kept, few chunks.

A sweep only schedules calls and moves their values, so its results are compared
bit for bit (``assert_array_equal``) with the same function called directly on the
same seeds; statistics computed from them are compared at a stated tolerance.
Speed is measured in ``benchmarks/bench_ensemble.py``, not here.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import distributed
import numpy as np
import pytest

from govsim import ValidationError
from govsim.ensemble import TaskFailure, sweep


def noisy(variant: float, seed: np.random.SeedSequence) -> dict[str, float]:
    """Depends on both the variant and the seed, so a misplaced result shows."""
    rng = np.random.default_rng(seed)
    draws = rng.normal(variant, 1.0, size=50)
    return {"mean": float(draws.mean()), "max": float(draws.max())}


def sometimes_fails(variant: int, seed: np.random.SeedSequence) -> float:
    if variant == 2:
        raise RuntimeError("boom in variant 2")
    return variant + np.random.default_rng(seed).random()


def trivial(variant: int, seed: np.random.SeedSequence) -> float:
    return float(variant)


VARIANTS = [0.0, 0.5, 1.0, 2.0, 4.0]


def reference() -> np.ndarray:
    return sweep(noisy, VARIANTS, seeds=4, seed=123, progress=False).values


def test_in_process_matches_a_plain_loop() -> None:
    res = sweep(noisy, VARIANTS, seeds=4, seed=123, progress=False)
    children = np.random.SeedSequence(123).spawn(4)
    expected = np.array(
        [[[noisy(v, s)["mean"], noisy(v, s)["max"]] for s in children] for v in VARIANTS]
    )
    assert res.metric_names == ("mean", "max")
    assert res.values.shape == (5, 4, 2)
    np.testing.assert_array_equal(res.values, expected)
    assert res.ok
    np.testing.assert_array_equal(res["mean"], expected[:, :, 0])


@pytest.mark.parametrize("chunksize", [1, 3, 7, 100])
def test_chunk_size_does_not_change_results(chunksize: int) -> None:
    res = sweep(noisy, VARIANTS, seeds=4, seed=123, progress=False, chunksize=chunksize)
    np.testing.assert_array_equal(res.values, reference())


def test_thread_pool_gives_identical_results() -> None:
    with ThreadPoolExecutor(3) as ex:
        res = sweep(noisy, VARIANTS, seeds=4, seed=123, executor=ex, chunksize=2)
    np.testing.assert_array_equal(res.values, reference())


def test_process_pool_gives_identical_results() -> None:
    with ProcessPoolExecutor(2) as ex:
        res = sweep(noisy, VARIANTS, seeds=4, seed=123, executor=ex, progress=False)
    np.testing.assert_array_equal(res.values, reference())
    assert res.metric_names == ("mean", "max")


@pytest.mark.xdist_group("dask")
def test_dask_local_cluster_gives_identical_results(dask_client: distributed.Client) -> None:
    res = sweep(noisy, VARIANTS, seeds=4, seed=123, executor=dask_client.get_executor())
    np.testing.assert_array_equal(res.values, reference())


def test_failure_is_recorded_and_other_results_kept() -> None:
    res = sweep(sometimes_fails, [0, 1, 2, 3], seeds=3, seed=7, progress=False, chunksize=2)
    assert not res.ok
    assert len(res.failures) == 3
    assert {f.seed for f in res.failures} == {0, 1, 2}
    f = res.failures[0]
    assert isinstance(f, TaskFailure)
    assert (f.variant, f.label) == (2, "2")
    assert "boom in variant 2" in f.error
    assert "RuntimeError" in f.error
    assert "variant 2" in str(f)
    assert "seed 0" in str(f)
    assert np.isnan(res.values[2]).all()
    assert not np.isnan(res.values[[0, 1, 3]]).any()
    assert res.metric_names == ("value",)


def test_failure_in_a_process_pool() -> None:
    with ProcessPoolExecutor(2) as ex:
        res = sweep(sometimes_fails, [0, 1, 2, 3], seeds=2, seed=7, executor=ex, chunksize=1)
    assert [(f.variant, f.seed) for f in res.failures] == [(2, 0), (2, 1)]
    assert not np.isnan(res.values[[0, 1, 3]]).any()


def test_unpicklable_function_fails_each_task_not_the_sweep() -> None:
    with ProcessPoolExecutor(1) as ex:
        res = sweep(lambda v, s: v, [1, 2], seeds=1, executor=ex)
    assert len(res.failures) == 2
    assert res.values.shape == (2, 1, 0)


def test_mapping_labels_and_explicit_seeds() -> None:
    res = sweep(noisy, {"low": 0.0, "high": 3.0}, seeds=[1, 2], progress=False)
    assert res.labels == ("low", "high")
    expected = noisy(3.0, np.random.SeedSequence(2))["mean"]
    assert res["mean"][1, 1] == expected  # the same call on the same seed: bit for bit


def test_seed_none_is_one_replicate() -> None:
    res = sweep(trivial, [1, 2, 3], progress=False)
    assert res.values.shape == (3, 1, 1)
    np.testing.assert_array_equal(res.values[:, 0, 0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("bad", [0, -1, "3", [], [1.5], True])
def test_bad_seeds_raise(bad: object) -> None:
    with pytest.raises(ValidationError, match="'seeds' parameter of sweep"):
        sweep(trivial, [1], seeds=bad, progress=False)  # type: ignore[arg-type]


def test_bad_chunksize_and_variants_raise() -> None:
    with pytest.raises(ValidationError, match="'chunksize'"):
        sweep(trivial, [1], chunksize=0, progress=False)
    with pytest.raises(ValidationError, match="'variants'"):
        sweep(trivial, 5, progress=False)  # type: ignore[arg-type]


def test_to_pandas_long_form() -> None:
    res = sweep(noisy, {"a": 0.0, "b": 1.0}, seeds=3, seed=1, progress=False)
    frame = res.to_pandas()
    assert list(frame.columns) == ["label", "mean", "max"]
    assert list(frame.index.names) == ["variant", "seed"]
    assert len(frame) == 6
    assert list(frame["label"]) == ["a"] * 3 + ["b"] * 3
    assert list(frame.index.get_level_values("variant")) == [0] * 3 + [1] * 3
    assert list(frame.index.get_level_values("seed")) == [0, 1, 2] * 2
    np.testing.assert_array_equal(frame["mean"].to_numpy(), res["mean"].reshape(-1))


def test_summary_statistics() -> None:
    res = sweep(sometimes_fails, [0, 1, 2], seeds=5, seed=3, progress=False)
    summ = res.summary(quantiles=(0.0, 0.5, 1.0))
    v = res["value"]
    # the same statistics by another route: rounding only
    np.testing.assert_allclose(summ.mean[:2, 0], v[:2].mean(axis=1), rtol=1e-12)
    np.testing.assert_allclose(summ.sem[:2, 0], v[:2].std(axis=1, ddof=1) / np.sqrt(5), rtol=1e-12)
    np.testing.assert_allclose(summ.quantile_values[0, :2, 0], v[:2].min(axis=1), rtol=1e-12)
    np.testing.assert_allclose(summ.quantile_values[2, :2, 0], v[:2].max(axis=1), rtol=1e-12)
    assert summ.n.tolist() == [[5], [5], [0]]
    assert np.isnan(summ.mean[2, 0])
    assert np.isnan(summ.sem[2, 0])
    table = summ.to_markdown()
    assert table.count("\n") == 1 + 3
    assert "q0.5" in table
    with pytest.raises(ValidationError):
        res.summary(quantiles=(1.5,))


def test_summary_to_pandas() -> None:
    res = sweep(noisy, [0.0, 1.0], seeds=3, seed=1, progress=False)
    frame = res.summary().to_pandas()
    assert len(frame) == 4
    assert {"label", "metric", "n", "mean", "sem", "q0.05", "q0.5", "q0.95"} <= set(frame.columns)


class CountingPool(ProcessPoolExecutor):
    """A process pool that counts the submissions it receives."""

    submitted = 0

    def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.submitted += 1
        return super().submit(*args, **kwargs)


def test_ten_thousand_trivial_tasks_go_in_a_few_chunks() -> None:
    """10^4 tasks on 2 workers travel in 8 submissions (about four chunks per worker),
    not 10^4; what that saves in time is measured by benchmarks/bench_ensemble.py."""
    res = sweep(trivial, list(range(10_000)), progress=False)
    assert res.values.shape == (10_000, 1, 1)
    with CountingPool(2) as ex:
        res2 = sweep(trivial, list(range(10_000)), executor=ex)
    assert ex.submitted == 8
    np.testing.assert_array_equal(res.values, res2.values)


def test_result_is_read_only() -> None:
    res = sweep(trivial, [1, 2], progress=False)
    with pytest.raises(ValueError):
        res.values[0, 0, 0] = 5.0


def constant(variant: float, seed: np.random.SeedSequence) -> float:
    return variant


def test_summary_of_seeds_that_agree_has_zero_sem() -> None:
    """A deterministic metric showed a standard error of 6e-16 (rounding of the mean):
    equal values must give exactly 0, so this comparison is exact on purpose."""
    res = sweep(constant, [6.033, 0.1], seeds=3, seed=0, progress=False)
    assert res.summary().sem.tolist() == [[0.0], [0.0]]  # exact: no spread, no rounding


def test_progress_bar_on_a_terminal_counts_every_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the bar is shown and advanced once per task; results are unchanged."""
    import io

    import rich.progress

    from govsim import ensemble

    advanced: list[int] = []

    class Recording(rich.progress.Progress):
        def advance(self, task_id: rich.progress.TaskID, advance: float = 1) -> None:
            advanced.append(int(advance))
            super().advance(task_id, advance)

    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(ensemble.sys, "stderr", TTY())
    monkeypatch.setattr(rich.progress, "Progress", Recording)
    shown = sweep(noisy, VARIANTS, seeds=4, seed=123, progress=True, chunksize=3)
    assert sum(advanced) == len(VARIANTS) * 4
    silent = sweep(noisy, VARIANTS, seeds=4, seed=123, progress=False)
    np.testing.assert_array_equal(shown.values, silent.values)
