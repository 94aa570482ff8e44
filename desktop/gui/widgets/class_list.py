"""The component classes as a grouped, searchable list, with nothing chosen until the user chooses.

A flat drop-down of 70+ classes with an arbitrary first entry preselected invited a wrong correction. Groups are
derived from each class's kind and English name (so a class added to the knowledge base lands in a group without
a code change): look-alikes by their kind, the others by words in their name; whatever matches no group is under
"Other". The search matches the English and the Japanese names.
"""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.gui.widgets.part_detail import class_name
from desktop.i18n import N_, _

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge

#: (group id, label, words in the English class name), in display order.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("magnets", N_("Magnets and magnetic materials"), ("magnet", "magnetic", "terfenol", "magnetostrictive")),
    ("motors", N_("Motors, actuators and drives"), ("motor", "generator", "robot", "actuator", "drive",
                                                     "coupling", "relay")),
    ("audio", N_("Audio"), ("speaker", "loudspeaker", "microspeaker", "headphones", "earphones", "receiver",
                            "buzzer", "microphone")),
    ("lighting", N_("Lighting and phosphors"), ("led", "lamp", "phosphor", "luminescent", "lighting")),
    ("batteries", N_("Batteries and hydrogen storage"), ("battery", "nimh", "hydrogen")),
    ("optics", N_("Optics, lasers and detectors"), ("lens", "lenses", "glass", "optical", "laser", "fibre", "fiber",
                                                     "faraday", "scintillator", "polishing")),
    ("ceramics", N_("Ceramics, catalysts and alloys"), ("ceramic", "ceramics", "capacitor", "zirconia", "catalyst",
                                                         "alloy", "alloys", "additions", "absorbers", "tape",
                                                         "agent")),
)
#: A name can hold words of several groups ("Smartphone (all magnets: speakers …)", "Permanent-magnet motor"):
#: the most specific use wins, the bare material ("magnet") last.
MATCH_ORDER: tuple[str, ...] = ("audio", "batteries", "lighting", "optics", "ceramics", "motors", "magnets")
LOOKALIKES = ("lookalike", N_("Look-alikes (no rare earths)"))
OTHER = ("other", N_("Other"))


def class_group(kind: str, name_en: str) -> str:
    """The group id of a class: look-alikes by kind, the rest by the first group whose word its name contains."""
    if kind == "lookalike":
        return LOOKALIKES[0]
    words = set(re.findall(r"[a-z0-9]+", name_en.lower()))
    keys = {g: k for g, _label, k in GROUPS}
    for group in MATCH_ORDER:
        if words & set(keys[group]):
            return group
    return OTHER[0]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class ClassList(QWidget):
    """``class_id()`` is None until the user picks a class; ``chosen`` fires when they do."""

    chosen = Signal(str)

    def __init__(self, knowledge: Knowledge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search the component classes…"))
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setMinimumHeight(220)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.hint)
        labels = {g: label for g, label, _k in GROUPS} | {LOOKALIKES[0]: LOOKALIKES[1], OTHER[0]: OTHER[1]}
        order = [g for g, _l, _k in GROUPS] + [OTHER[0], LOOKALIKES[0]]
        members: dict[str, list[tuple[str, str, str]]] = {g: [] for g in order}
        for cls in knowledge.classes.values():
            shown = class_name(knowledge, cls.id)
            members[class_group(cls.kind, cls.name_en)].append((shown, cls.id, f"{cls.name_en}\n{cls.name_ja}"))
        self._items: list[tuple[QTreeWidgetItem, str]] = []
        for group in order:
            if not members[group]:
                continue
            top = QTreeWidgetItem([_(labels[group])])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)       # a group is not a class: not selectable
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            self.tree.addTopLevelItem(top)
            for shown, cid, names in sorted(members[group], key=lambda m: _fold(m[0])):
                item = QTreeWidgetItem([shown])
                item.setData(0, Qt.ItemDataRole.UserRole, cid)
                item.setToolTip(0, names.replace("\n", " / "))
                top.addChild(item)
                self._items.append((item, _fold(names + "\n" + shown)))
        self.tree.expandAll()
        self.tree.setCurrentItem(None)
        self.tree.clearSelection()

    def class_id(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def select(self, class_id: str) -> bool:
        for item, _text in self._items:
            if item.data(0, Qt.ItemDataRole.UserRole) == class_id:
                self.tree.setCurrentItem(item)
                item.setSelected(True)
                return True
        return False

    def visible_classes(self) -> list[str]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item, _t in self._items if not item.isHidden()]

    def _filter(self, text: str) -> None:
        needle = _fold(text.strip())
        for item, hay in self._items:
            item.setHidden(bool(needle) and needle not in hay)
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            top.setHidden(all(top.child(j).isHidden() for j in range(top.childCount())))

    def _selection_changed(self) -> None:
        cid = self.class_id()
        if cid:
            self.hint.clear()
            self.chosen.emit(cid)
