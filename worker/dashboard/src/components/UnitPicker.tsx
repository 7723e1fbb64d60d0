// Picks one unit from the hierarchy: a combobox whose popup is a tree (WAI-ARIA combobox with `aria-haspopup="tree"`).
// Focus stays in the text box; typing filters by name or code (without diacritics, so "ha dong" finds "Hà Đông") and
// keeps each match's ancestors so the province it belongs to stays readable; arrows move through the visible nodes
// (Right opens a node or goes to its first child, Left closes it or goes to its parent), Enter picks, Escape closes.
// A flat alphabetical list cannot tell apart the same commune name in two provinces; the tree can.
import { useId, useMemo, useState } from 'preact/hooks';
import { t } from '../lib/i18n.ts';

export interface PickerUnit {
  id: string;
  name: string;
  code: string;
  parent_id: string | null;
}

export interface TreeNode<U extends PickerUnit> {
  unit: U;
  depth: number;
  parent: string | null;
  hasChildren: boolean;
  /** 1-based place among its siblings, and how many siblings (for aria-posinset / aria-setsize). */
  pos: number;
  size: number;
}

/** Depth-first order (siblings by name in Vietnamese order); a unit whose parent is not in the list is a root. */
export function unitTreeOrder<U extends PickerUnit>(list: readonly U[]): TreeNode<U>[] {
  const ids = new Set(list.map((u) => u.id));
  const children = new Map<string | null, U[]>();
  for (const u of list) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: TreeNode<U>[] = [];
  const walk = (parent: string | null, depth: number) => {
    const kids = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    kids.forEach((u, i) => {
      out.push({ unit: u, depth, parent, hasChildren: (children.get(u.id)?.length ?? 0) > 0, pos: i + 1, size: kids.length });
      walk(u.id, depth + 1);
    });
  };
  walk(null, 0);
  return out;
}

/** Lower case without diacritics (đ → d), for matching what people type. */
export const foldVi = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

/**
 * The nodes shown: with a filter, every match and its ancestors (all open); without one, the nodes whose ancestors
 * are all expanded.
 */
export function visibleNodes<U extends PickerUnit>(nodes: readonly TreeNode<U>[], expanded: ReadonlySet<string>, filter: string): TreeNode<U>[] {
  const byId = new Map(nodes.map((n) => [n.unit.id, n]));
  const f = foldVi(filter.trim());
  if (f) {
    const keep = new Set<string>();
    for (const n of nodes) {
      if (!foldVi(n.unit.name).includes(f) && !foldVi(n.unit.code).includes(f)) continue;
      for (let cur: TreeNode<U> | undefined = n; cur && !keep.has(cur.unit.id); cur = cur.parent ? byId.get(cur.parent) : undefined) keep.add(cur.unit.id);
    }
    return nodes.filter((n) => keep.has(n.unit.id));
  }
  return nodes.filter((n) => {
    for (let p = n.parent; p; p = byId.get(p)?.parent ?? null) if (!expanded.has(p)) return false;
    return true;
  });
}

interface Props<U extends PickerUnit> {
  label: string;
  units: readonly U[];
  /** The chosen unit's id, or '' for none. */
  value: string;
  onValue: (id: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  name?: string | undefined;
  disabled?: boolean | undefined;
  /** An entry for "no unit" (e.g. a top-level unit has no parent), shown first. */
  noneLabel?: string | undefined;
}

export function UnitPicker<U extends PickerUnit>({ label, units, value, onValue, hint, error, required, name, disabled, noneLabel }: Props<U>) {
  const id = useId();
  const treeId = `${id}-tree`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const nodes = useMemo(() => unitTreeOrder(units), [units]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.unit.id, n])), [nodes]);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [picked, setActive] = useState<string | null>(null);
  // Null until the person opens or closes a node: the roots and the chosen unit's ancestors, computed from the units
  // as they are now (they may arrive after the tree was opened).
  const [touched, setExpanded] = useState<ReadonlySet<string> | null>(null);
  const NONE = '';

  const selected = value ? byId.get(value)?.unit : undefined;
  const expanded = useMemo(() => {
    if (touched) return touched;
    const next = new Set(nodes.filter((n) => n.depth === 0).map((n) => n.unit.id));
    for (let p = selected?.parent_id ?? null; p; p = byId.get(p)?.parent ?? null) next.add(p);
    return next;
  }, [touched, nodes, selected]);
  const shown = visibleNodes(nodes, expanded, query);
  // The "no unit" entry takes part in keyboard moves only while nothing is typed.
  const order: string[] = [...(noneLabel !== undefined && !query.trim() ? [NONE] : []), ...shown.map((n) => n.unit.id)];
  const optionId = (unitId: string) => `${id}-opt-${unitId || 'none'}`;
  // The highlighted node: the one moved to, else the chosen unit, else the first shown (units may load late).
  const active = picked !== null && order.includes(picked) ? picked : value !== '' && order.includes(value) ? value : (order[0] ?? null);

  /** Opens on the chosen unit, its ancestors and the roots expanded. */
  function openTree(): void {
    if (open) return;
    setExpanded(null);
    setActive(null);
    setOpen(true);
  }
  function close(): void {
    setOpen(false);
    setQuery('');
  }
  function choose(unitId: string): void {
    onValue(unitId);
    close();
  }
  function toggle(unitId: string, to?: boolean): void {
    const next = new Set(expanded);
    if (to ?? !next.has(unitId)) next.add(unitId);
    else next.delete(unitId);
    setExpanded(next);
  }
  const isOpenNode = (n: TreeNode<U>) => n.hasChildren && (query.trim() !== '' || expanded.has(n.unit.id));

  function onKeyDown(e: KeyboardEvent): void {
    const at = active === null ? -1 : order.indexOf(active);
    const node = active ? byId.get(active) : undefined;
    const move = (i: number) => {
      const target = order[Math.max(0, Math.min(order.length - 1, i))];
      if (target !== undefined) setActive(target);
    };
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) openTree();
        else move(at + 1);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) openTree();
        else move(at - 1);
        return;
      case 'Home':
      case 'End':
        if (!open) return;
        e.preventDefault();
        move(e.key === 'Home' ? 0 : order.length - 1);
        return;
      case 'ArrowRight':
        if (!open || !node?.hasChildren || query.trim()) return;
        e.preventDefault();
        if (!expanded.has(node.unit.id)) toggle(node.unit.id, true);
        else move(at + 1);
        return;
      case 'ArrowLeft':
        if (!open || !node || query.trim()) return;
        e.preventDefault();
        if (node.hasChildren && expanded.has(node.unit.id)) toggle(node.unit.id, false);
        else if (node.parent) setActive(node.parent);
        return;
      case 'Enter':
        if (!open) return;
        e.preventDefault();
        if (active !== null && order.includes(active)) choose(active);
        return;
      case 'Escape':
        if (!open) return;
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
    }
  }

  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const display = selected ? `${selected.name} (${selected.code})` : value === '' && noneLabel !== undefined ? noneLabel : '';
  return (
    <div class={`field unit-picker${error ? ' field--invalid' : ''}`}>
      <label for={id}>
        {label}
        {required && (
          <span class="required" aria-hidden="true">
            {' '}*
          </span>
        )}
      </label>
      <input
        id={id}
        name={name}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        disabled={disabled}
        aria-expanded={open}
        aria-controls={treeId}
        aria-haspopup="tree"
        aria-autocomplete="list"
        aria-activedescendant={open && active !== null && order.includes(active) ? optionId(active) : undefined}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        placeholder={open ? t('adm.picker_type_to_filter') : undefined}
        value={open ? query : display}
        onFocus={() => openTree()}
        onClick={() => openTree()}
        onBlur={() => close()}
        onInput={(e) => {
          const q = e.currentTarget.value;
          if (!open) openTree();
          setQuery(q);
          const first = visibleNodes(nodes, expanded, q).find((n) => !q.trim() || foldVi(n.unit.name).includes(foldVi(q.trim())) || foldVi(n.unit.code).includes(foldVi(q.trim())));
          setActive(first ? first.unit.id : null);
        }}
        onKeyDown={onKeyDown}
      />
      {open && order.length > 0 && (
        // Mouse presses must not take focus from the text box (that would close the tree before the click lands).
        <ul id={treeId} role="tree" class="unit-tree" aria-label={label} onMouseDown={(e) => e.preventDefault()}>
          {noneLabel !== undefined && !query.trim() && (
            <li id={optionId(NONE)} role="treeitem" aria-level={1} aria-selected={value === ''} class={`unit-tree__item${active === NONE ? ' is-active' : ''}`} onClick={() => choose(NONE)}>
              <span class="unit-tree__toggle" aria-hidden="true" />
              {noneLabel}
            </li>
          )}
          {shown.map((n) => (
            <li
              key={n.unit.id}
              id={optionId(n.unit.id)}
              role="treeitem"
              aria-level={n.depth + 1}
              aria-posinset={n.pos}
              aria-setsize={n.size}
              aria-expanded={n.hasChildren ? isOpenNode(n) : undefined}
              aria-selected={n.unit.id === value}
              data-unit-code={n.unit.code}
              class={`unit-tree__item${active === n.unit.id ? ' is-active' : ''}`}
              style={{ paddingLeft: `${0.4 + n.depth * 1.2}rem` }}
              onClick={() => choose(n.unit.id)}
            >
              <span
                class="unit-tree__toggle"
                aria-hidden="true"
                onClick={(e) => {
                  if (!n.hasChildren || query.trim()) return;
                  e.stopPropagation();
                  toggle(n.unit.id);
                }}
              >
                {n.hasChildren ? (isOpenNode(n) ? '▾' : '▸') : ''}
              </span>
              <span>{n.unit.name}</span> <span class="muted small">{n.unit.code}</span>
            </li>
          ))}
        </ul>
      )}
      {open && order.length === 0 && (
        <p class="unit-tree__empty muted" role="status">
          {t('adm.picker_no_match')}
        </p>
      )}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
