/**
 * Version order: semantic versions by precedence (semver.org §11), other labels (git SHAs, build
 * numbers) by publish time. Private to src/registry.
 */
import semver from 'semver';

export interface Ordered {
  id: number;
  label: string;
  /** Publish (or creation) time, ISO-8601: the tie-break, and the order of non-semver labels. */
  at: string;
}

/** The label as a semantic version (a leading `v` allowed), or null. */
export function parseSemver(label: string): semver.SemVer | null {
  return semver.parse(label, { loose: false }) ?? semver.parse(label.replace(/^v(?=\d)/, ''));
}

/**
 * Oldest first. Sorted by time, then the semantic versions are reordered among the places they
 * hold, so a 1.0.1 hotfix published after 2.0.0 sits before 2.0.0, and labels that are not
 * semantic versions keep their place in time.
 */
export function versionOrder<T extends Ordered>(items: readonly T[]): T[] {
  const byTime = [...items].sort((left, right) =>
    left.at < right.at ? -1 : left.at > right.at ? 1 : left.id - right.id,
  );
  const slots: number[] = [];
  const versioned: Array<{ item: T; version: semver.SemVer }> = [];
  byTime.forEach((item, index) => {
    const version = parseSemver(item.label);
    if (version !== null) {
      slots.push(index);
      versioned.push({ item, version });
    }
  });
  // Array.prototype.sort is stable: equal versions keep their time order.
  versioned.sort((left, right) => semver.compare(left.version, right.version));
  const result = [...byTime];
  slots.forEach((slot, index) => {
    result[slot] = versioned[index]!.item;
  });
  return result;
}

/** -1, 0 or 1 when both labels are semantic versions; null when either is not. */
export function compareLabels(left: string, right: string): number | null {
  const a = parseSemver(left);
  const b = parseSemver(right);
  return a === null || b === null ? null : semver.compare(a, b);
}

/**
 * Labels sorted by closeness to `wanted`: for semantic versions, the nearest in version order
 * first; otherwise by edit distance.
 */
export function closestLabels(wanted: string, labels: readonly string[]): string[] {
  const target = parseSemver(wanted);
  const score = (label: string): number[] => {
    const version = parseSemver(label);
    if (target !== null && version !== null) {
      return [
        0,
        Math.abs(version.major - target.major),
        Math.abs(version.minor - target.minor),
        Math.abs(version.patch - target.patch),
      ];
    }
    return [1, editDistance(wanted, label), 0, 0];
  };
  const scored = labels.map((label) => ({ label, score: score(label) }));
  scored.sort((left, right) => {
    for (let index = 0; index < 4; index++) {
      const difference = left.score[index]! - right.score[index]!;
      if (difference !== 0) return difference;
    }
    return compareLabels(right.label, left.label) ?? (left.label < right.label ? -1 : 1);
  });
  return scored.map((entry) => entry.label);
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[right.length]!;
}
