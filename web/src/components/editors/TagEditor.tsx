"use client";
// The tags: removable chips, and a box that completes from the tags seen in the user's tasks
// (Enter or "Add tag" adds what is typed).

import { useState } from "react";
import {
  Button,
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Tag,
  TagGroup,
  TagList,
} from "react-aria-components";

import { parseTagList } from "@/lib/filters";

const MAX_TAGS = 20;

interface TagEditorProps {
  tags: string[];
  suggestions: string[];
  onChange: (tags: string[]) => void;
}

export function TagEditor({ tags, suggestions, onChange }: TagEditorProps) {
  const [text, setText] = useState("");
  const available = suggestions
    .filter((tag) => !tags.includes(tag) && tag.startsWith(text.replace(/^#/, "").toLowerCase()))
    .map((tag) => ({ id: tag }));

  function add(value: string) {
    const added = parseTagList(value).filter((tag) => !tags.includes(tag));
    if (added.length) onChange([...tags, ...added].slice(0, MAX_TAGS));
    setText("");
  }

  return (
    <div className="editor-group">
      <TagGroup
        className="tag-group"
        onRemove={(keys) => onChange(tags.filter((tag) => !keys.has(tag)))}
      >
        <Label>Tags</Label>
        <TagList className="tags" items={tags.map((tag) => ({ id: tag }))} renderEmptyState={() => <span className="hint">No tags</span>}>
          {(item) => (
            <Tag id={item.id} className="tag" textValue={item.id}>
              #{item.id}
              <Button slot="remove" className="tag-remove" aria-label={`Remove tag ${item.id}`}>
                ×
              </Button>
            </Tag>
          )}
        </TagList>
      </TagGroup>
      <div className="editor-row">
        <ComboBox
          className="field"
          allowsCustomValue
          allowsEmptyCollection
          inputValue={text}
          onInputChange={setText}
          items={available}
          onSelectionChange={(key) => key !== null && add(String(key))}
          onKeyDown={(event) => {
            if (event.key === "Enter" && text.trim()) add(text);
            else event.continuePropagation();
          }}
          isDisabled={tags.length >= MAX_TAGS}
        >
          <Label>Add a tag</Label>
          <Input placeholder="e.g. work" />
          <Popover className="popover">
            <ListBox<{ id: string }> className="listbox">{(item) => <ListBoxItem id={item.id}>{`#${item.id}`}</ListBoxItem>}</ListBox>
          </Popover>
        </ComboBox>
        <Button className="button small" isDisabled={!text.trim()} onPress={() => add(text)}>
          Add tag
        </Button>
      </div>
    </div>
  );
}
