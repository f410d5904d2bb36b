import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { AreaPage, AreaSummary } from '../../contract/areas';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const option = (a: AreaSummary): Option => ({ value: a.code, label: a.name, isLeaf: a.level === 'building' });

/**
 * Pick an area by walking down the tree from the user's own areas (their scope), one level at a
 * time as it opens: street → community → grid → building. Answers the chosen (deepest) code, so a
 * grid worker chooses a building by its name and never types a 15- or 18-digit code.
 */
export function AreaPicker({
  value,
  onChange,
  placeholder,
  testId,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => void get<{ items: AreaSummary[] }>('/areas').then((r) => setOptions(r.items.map(option))), []);
  useEffect(() => {
    if (!value) setPath([]);
  }, [value]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target) return;
    const page = await get<AreaPage>(`/areas/${target.value}/children?limit=500`);
    target.children = page.items.map(option);
    if (!page.items.length) target.isLeaf = true;
    setOptions((o) => [...o]);
  };

  return (
    <Cascader<Option>
      options={options}
      loadData={(s) => void loadData(s)}
      changeOnSelect
      open={open}
      onOpenChange={setOpen}
      value={path}
      onChange={(p, chosen) => {
        const codes = p ?? [];
        setPath(codes);
        onChange?.(codes[codes.length - 1]);
        // A building is as deep as it goes: close the tree (a grid stays open for its buildings).
        if (chosen?.[chosen.length - 1]?.isLeaf) setOpen(false);
      }}
      placeholder={placeholder}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
