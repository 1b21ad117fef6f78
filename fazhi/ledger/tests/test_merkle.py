"""merkle.py against the Certificate Transparency test vectors (transparency-dev/merkle,
testonly/constants.go and proof/verify_test.go: RFC 6962 hashing, which RFC 9162 keeps), the
RFC's recursive definitions written out literally, and random trees."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.ledger import merkle

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
LEAVES = [merkle.leaf_hash(d) for d in LEAF_INPUTS]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
NODES = {
    (1, 0): "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    (1, 1): "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    (1, 2): "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    (1, 3): "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    (2, 0): "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    (2, 1): "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    (3, 0): "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


def h(text: str) -> bytes:
    return bytes.fromhex(text)


# (leaf index, tree size, proof) — verify_test.go's inclusionProofs, leaf made 0-based
INCLUSION_VECTORS = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (0, 1, []),
]

CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


# --- the RFC 9162 §2.1 definitions, literally (recursive; for small trees only) ---------------


def mth(leaves: list[bytes]) -> bytes:
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1 << ((n - 1).bit_length() - 1)
    return merkle.node_hash(mth(leaves[:k]), mth(leaves[k:]))


def rfc_path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if m < k:
        return [*rfc_path(m, leaves[:k]), mth(leaves[k:])]
    return [*rfc_path(m - k, leaves[k:]), mth(leaves[:k])]


def rfc_subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*rfc_subproof(m, leaves[:k], b), mth(leaves[k:])]
    return [*rfc_subproof(m - k, leaves[k:], False), mth(leaves[:k])]


# --- the vectors -------------------------------------------------------------------------------


def test_leaf_hashes_and_roots_match_the_ct_vectors():
    assert merkle.root([]) == ROOTS[0] == merkle.EMPTY_ROOT
    assert LEAVES[0].hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    for size in range(1, 9):
        assert merkle.root(LEAVES[:size]) == ROOTS[size], size


def test_frontier_completes_the_ct_vector_nodes():
    frontier = merkle.Frontier()
    completed = {}
    for leaf in LEAVES:
        for level, index, node in frontier.append(leaf):
            completed[(level, index)] = node
        assert frontier.root() == ROOTS[frontier.size]
    assert {k: v.hex() for k, v in completed.items() if k[0] > 0} == NODES
    restored = merkle.Frontier.from_bytes(8, frontier.to_bytes())
    assert restored.root() == ROOTS[8]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_the_ct_vectors(index, size, proof):
    proof = [h(p) for p in proof]
    assert merkle.inclusion_proof(index, LEAVES[:size]) == proof
    assert merkle.verify_inclusion(index, size, LEAVES[index], proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_the_ct_vectors(old, new, proof):
    proof = [h(p) for p in proof]
    assert merkle.consistency_proof(old, LEAVES[:new]) == proof
    assert merkle.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def _inclusion_probes(index, size, proof, root, leaf):
    """verify_test.go's corruptInclusionProof: each must fail."""
    some = h("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (index - 1, size, root, leaf, proof),
        (index + 1, size, root, leaf, proof),
        (index ^ 2, size, root, leaf, proof),
        (index, size * 2, root, leaf, proof),
        (index, size // 2, root, leaf, proof),
        (index, size, root, b"WrongLeaf", proof),
        (index, size, ROOTS[0], leaf, proof),
        (index, size, some, leaf, proof),
        (index, size, root, leaf, [*proof, b""]),
        (index, size, root, leaf, [*proof, root]),
        (index, size, root, leaf, [b"", *proof]),
        (index, size, root, leaf, [root, *proof]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 8]) + wrong[i][1:]
        probes.append((index, size, root, leaf, wrong))
    if proof:
        probes.append((index, size, root, leaf, proof[:-1]))
    if len(proof) > 1:
        probes.append((index, size, root, leaf, [proof[0], some, *proof[1:]]))
    return probes


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS[:4])
def test_corrupted_inclusion_proofs_fail(index, size, proof):
    proof = [h(p) for p in proof]
    for probe in _inclusion_probes(index, size, proof, ROOTS[size], LEAVES[index]):
        i, s, root, leaf, path = probe
        assert not merkle.verify_inclusion(i, s, leaf, path, root), probe


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS[1:])
def test_corrupted_consistency_proofs_fail(old, new, proof):
    proof = [h(p) for p in proof]
    r1, r2 = ROOTS[old], ROOTS[new]
    probes = [
        (old - 1, new, r1, r2, proof),
        (old + 1, new, r1, r2, proof),
        (old ^ 2, new, r1, r2, proof),
        (old, new * 2, r1, r2, proof),
        (old, new // 2, r1, r2, proof),
        (old, new, b"WrongRoot", r2, proof),
        (old, new, r1, b"WrongRoot", proof),
        (old, new, r2, r1, proof),
        (old, new, r1, r2, []),
        (old, new, r1, r2, [*proof, b""]),
        (old, new, r1, r2, [*proof, r1]),
        (old, new, r1, r2, [*proof, r2]),
        (old, new, r1, r2, [b"", *proof]),
        (old, new, r1, r2, [r1, *proof]),
        (old, new, r1, r2, [r2, *proof]),
        (old, new, r1, r2, [proof[0], *proof]),
        (old, new, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 16]) + wrong[i][1:]
        probes.append((old, new, r1, r2, wrong))
    for probe in probes:
        assert not merkle.verify_consistency(*probe), probe


def test_trivial_consistency_cases():
    a, b = b"don't care 1", b"don't care 2"
    assert merkle.verify_consistency(0, 0, a, a, [])
    assert merkle.verify_consistency(0, 1, a, b, [])
    assert merkle.verify_consistency(1, 1, b, b, [])
    assert not merkle.verify_consistency(0, 0, a, b, [])
    assert not merkle.verify_consistency(1, 1, a, b, [])
    assert not merkle.verify_consistency(1, 0, a, b, [])
    assert not merkle.verify_consistency(2, 1, a, b, [])
    assert not merkle.verify_consistency(1, 2, a, b, [])
    assert not merkle.verify_consistency(0, 1, ROOTS[0], ROOTS[0], [ROOTS[0]])


# --- random trees against the literal definitions ----------------------------------------------


def _leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def _store(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    frontier, nodes = merkle.Frontier(), {}
    for leaf in leaves:
        for level, index, node in frontier.append(leaf):
            nodes[(level, index)] = node
    return nodes


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=300).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1))
    )
)
def test_inclusion_from_stored_nodes_equals_the_rfc_definition(case):
    size, index = case
    leaves = _leaves(size)
    nodes = _store(leaves)
    expected = rfc_path(index, leaves)
    plan = merkle.nodes_for(merkle.inclusion_ranges(index, size))
    assert merkle.assemble(plan, nodes) == expected
    assert merkle.inclusion_proof(index, leaves) == expected
    assert merkle.root(leaves) == mth(leaves)
    assert merkle.verify_inclusion(index, size, leaves[index], expected, mth(leaves))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=300).flatmap(
        lambda n: st.tuples(st.integers(1, n), st.just(n))
    )
)
def test_consistency_from_stored_nodes_equals_the_rfc_definition(case):
    old, new = case
    leaves = _leaves(new)
    nodes = _store(leaves)
    expected = rfc_subproof(old, leaves, True)
    plan = merkle.nodes_for(merkle.consistency_ranges(old, new))
    assert merkle.assemble(plan, nodes) == expected
    assert merkle.verify_consistency(old, new, mth(leaves[:old]), mth(leaves), expected)
    if expected:
        assert not merkle.verify_consistency(
            old, new, mth(leaves[:old]), mth(leaves[:-1]) if new > old else b"", expected
        )


def test_subtrees_decompose_ranges():
    assert merkle.subtrees(0, 8) == [(3, 0)]
    assert merkle.subtrees(0, 7) == [(2, 0), (1, 2), (0, 6)]
    assert merkle.subtrees(4, 7) == [(1, 2), (0, 6)]
    with pytest.raises(ValueError):
        merkle.subtrees(3, 3)
