"""RFC 9162 §2.1 Merkle trees on hashlib: hashing, the tree's right edge, proofs, verification.

Pure: no Django, no database. Three layers:

- `leaf_hash`, `node_hash`, `root`: the hashing of RFC 9162 §2.1.1 (leaf = SHA-256(0x00 ‖ d),
  node = SHA-256(0x01 ‖ left ‖ right); the empty tree's root is SHA-256 of nothing).
- `Frontier`: the right edge of a growing tree (one complete-subtree hash per set bit of the
  size). Appending a leaf costs O(log n) and returns the complete subtrees it finished, which
  the ledger stores by (level, index) so that any proof later needs only O(log n) stored nodes.
- `inclusion_subtrees` / `consistency_subtrees` say which complete subtrees an RFC 9162 audit
  path (§2.1.3.1 PATH, §2.1.4.1 PROOF) is made of, so that a store can fetch them in one
  query; `fold` turns fetched hashes into the path. `inclusion_proof` / `consistency_proof` do
  the same over an in-memory list of leaf hashes (tests, small trees).
- `verify_inclusion` / `verify_consistency`: the verification algorithms of §2.1.3.2 and
  §2.1.4.2, step for step.

A node is named (level, index): the complete subtree of 2**level leaves starting at leaf
index * 2**level. Leaves are level 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Node = tuple[int, int]  # (level, index)

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 ‖ data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: SHA-256(0x01 ‖ left ‖ right)."""
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle tree hash (MTH) of a list of leaf hashes, in O(n) with a frontier."""
    frontier = Frontier()
    for leaf in leaf_hashes:
        frontier.append(leaf)
    return frontier.root()


class Frontier:
    """The right edge of a tree: the hashes of its maximal complete subtrees, largest first
    (one per set bit of `size`). Enough to append a leaf and to compute the root."""

    __slots__ = ("hashes", "size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != size.bit_count():
            raise ValueError(f"a frontier of size {size} has {size.bit_count()} hashes")
        self.size = size
        self.hashes = list(hashes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the nodes (level, index, hash) it completes, the leaf first."""
        index, level, node = self.size, 0, leaf
        completed = [(0, index, node)]
        hashes = self.hashes
        while (index >> level) & 1:
            node = node_hash(hashes.pop(), node)
            level += 1
            completed.append((level, index >> level, node))
        hashes.append(node)
        self.size = index + 1
        return completed

    def root(self) -> bytes:
        hashes = self.hashes
        if not hashes:
            return EMPTY_ROOT
        result = hashes[-1]
        for left in reversed(hashes[:-1]):
            result = node_hash(left, result)
        return result

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> Frontier:
        if len(data) != HASH_SIZE * size.bit_count():
            raise ValueError(f"a frontier of size {size} takes {size.bit_count()} hashes")
        return cls(size, [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)])


# --- which stored subtrees a proof needs --------------------------------------------------------


def subtrees(start: int, end: int) -> list[Node]:
    """The complete subtrees that make up the range [start, end) of a tree, left to right.

    Every range an RFC 9162 proof names starts at a multiple of the largest power of two not
    above its width, so greedily taking the largest aligned block gives the same split as the
    RFC's MTH recursion, and `fold` of their hashes is MTH(D[start:end])."""
    if not 0 <= start < end:
        raise ValueError(f"empty or negative range [{start}, {end})")
    nodes = []
    while start < end:
        width = end - start
        level = width.bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its `subtrees`, folded from the right."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTH form the audit path of leaf `index` in a tree of `size`
    (RFC 9162 §2.1.3.1 PATH), from the leaf's sibling upward."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append((lo + k, hi))
            hi = lo + k
        else:
            path.append((lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTH form the consistency proof between trees of `old_size` and
    `new_size` (RFC 9162 §2.1.4.1 PROOF = SUBPROOF(m, D[n], true)), in proof order."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from {old_size} to {new_size}")
    if old_size in (0, new_size):
        return []
    outer = []
    lo, hi, m, complete = 0, new_size, old_size, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            outer.append((lo + k, hi))
            hi = lo + k
        else:
            outer.append((lo, lo + k))
            lo += k
            m -= k
            complete = False
    inner = [] if complete else [(lo, hi)]
    return inner + outer[::-1]


def nodes_for(ranges: Sequence[tuple[int, int]]) -> list[list[Node]]:
    return [subtrees(start, end) for start, end in ranges]


def assemble(plan: Sequence[Sequence[Node]], get: Mapping[Node, bytes] | Callable) -> list[bytes]:
    """Turn a plan (`nodes_for(...)`) into hashes, looking nodes up in a mapping or callable."""
    lookup = get.__getitem__ if isinstance(get, Mapping) else get
    return [fold([lookup(node) for node in element]) for element in plan]


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """The audit path of leaf `index` over an in-memory list of leaf hashes."""
    ranges = inclusion_ranges(index, len(leaf_hashes))
    return [root(leaf_hashes[start:end]) for start, end in ranges]


def consistency_proof(old_size: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """The consistency proof from the first `old_size` leaves to all of `leaf_hashes`."""
    ranges = consistency_ranges(old_size, len(leaf_hashes))
    return [root(leaf_hashes[start:end]) for start, end in ranges]


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ---------------------------------------------


def _well_formed(hashes: Sequence[bytes]) -> bool:
    return all(isinstance(h, bytes | bytearray) and len(h) == HASH_SIZE for h in hashes)


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes | None:
    """The root that `proof` leads to from `leaf` at `index` in a tree of `size`; None when
    the proof cannot belong to such a tree (wrong length, malformed hashes)."""
    if not 0 <= index < size or not _well_formed([leaf, *proof]):
        return None
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """Whether `proof` shows that `leaf` (a leaf hash) is leaf `index` of the tree of `size`
    whose root is `root_hash`."""
    computed = root_from_inclusion(index, size, leaf, proof)
    return computed is not None and computed == root_hash


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows that the tree of `old_size` with `old_root` is a prefix of the tree
    of `new_size` with `new_root`."""
    if not 0 <= old_size <= new_size or not _well_formed(proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
