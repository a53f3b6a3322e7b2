"""The inspector: generated from every kind's declarations, both ways bound to the document,
one undo step per edit, and values the Design refuses kept out of it."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.inspector import InspectorPanel, param_label
from fusionsmile.app.widgets.param_widgets import PARAM_WIDGETS
from fusionsmile.core.design import Design, Layer, Mask, NoiseMask
from fusionsmile.core.layers.registry import all_kinds

SPARKLE = 5  # "Joy glow", a sparkle layer on top of the starter stack


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> InspectorPanel:
    document.set_current_layer(SPARKLE)
    panel = InspectorPanel(document)
    qtbot.addWidget(panel)
    return panel


def steps(document: DesignDocument) -> list[str]:
    stack = document.undo_stack
    return [stack.text(i) for i in range(stack.count())]


def test_an_inspector_builds_for_every_kind(qtbot) -> None:
    kinds = list(all_kinds().values())
    document = DesignDocument()
    document.open(Design(layers=tuple(Layer(kind=kind.name) for kind in kinds)), None)
    panel = InspectorPanel(document)
    qtbot.addWidget(panel)
    for index, kind in enumerate(kinds):
        document.set_current_layer(index)
        assert panel.title.text() == kind.label
        assert [w.param for w in panel.param_widgets.values()] == list(kind.params)
        form = panel.params_section.form
        labels = [form.itemAt(row, form.ItemRole.LabelRole) for row in range(len(kind.params))]
        assert [item.widget().text() for item in labels] == [
            param_label(p.name) for p in kind.params
        ]
        for param in kind.params:
            widget = panel.param_widgets[param.name]
            assert type(widget) is type(PARAM_WIDGETS[param.type](param, None))
            assert widget.value() == param.default, (kind.name, param.name)


def test_shows_the_current_layer_and_follows_the_model(panel, document) -> None:
    layer = document.design.layers[SPARKLE]
    assert panel.name.text() == "Joy glow" and panel.group_chip.text() == "luminous"
    assert panel.param_widgets["intensity"].value() == 9.6
    assert panel.param_widgets["palette"].value() == "firefly"
    edited = layer.with_params(intensity=3.5, gums=True).model_copy(
        update={"opacity": 0.25, "blend": "screen"}
    )
    layers = (*document.design.layers[:SPARKLE], edited)
    document.edit(document.design.model_copy(update={"layers": layers}), "test")
    assert panel.param_widgets["intensity"].value() == 3.5
    assert panel.param_widgets["gums"].value() is True
    assert panel.opacity.value() == 25 and panel.blend.currentData() == "screen"
    document.set_current_layer(0)
    assert panel.title.text() == "Enamel shade"
    assert panel.param_widgets["shade"].value() == "A1"
    document.open(Design(), None)
    assert panel.scroll.isHidden() and not panel.empty.isHidden()


def test_a_param_edit_is_one_named_undo_step(panel, document, design) -> None:
    panel.param_widgets["intensity"].slider.spin.setValue(12.5)
    assert document.design.layers[SPARKLE].params["intensity"] == 12.5
    assert steps(document) == ["Change Joy glow: intensity"]
    panel.param_widgets["size_mm"].slider.spin.setValue(2.0)
    assert steps(document)[-1] == "Change Joy glow: size"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.design == design
    assert panel.param_widgets["intensity"].value() == 9.6


def test_a_slider_drag_is_one_step(panel, document, design) -> None:
    slider = panel.param_widgets["rate"].slider.slider
    slider.setSliderDown(True)
    for ticks in (100, 200, 300):
        slider.setValue(ticks)
    slider.setSliderDown(False)  # emits sliderReleased: the drag ends
    rate = document.design.layers[SPARKLE].params["rate"]
    assert rate == pytest.approx(0.1 + 19.9 * 0.3)
    assert steps(document) == ["Change Joy glow: rate"]
    slider.setValue(500)  # a later click is its own step
    assert len(steps(document)) == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.design == design


def test_common_controls_write_the_layer(panel, document) -> None:
    panel.opacity.spin.setValue(40)
    panel.blend.setCurrentIndex(panel.blend.findData("add"))
    panel.enabled.click()
    panel.name.setText("Confetti")
    panel.name.editingFinished.emit()
    layer = document.design.layers[SPARKLE]
    assert (layer.opacity, layer.blend, layer.enabled, layer.name) == (
        0.4,
        "add",
        False,
        "Confetti",
    )
    assert steps(document) == [
        "Change Joy glow: opacity",
        "Change Joy glow: blend mode",
        "Hide Joy glow",
        "Rename Joy glow to Confetti",
    ]


def test_choices_bools_and_reset(panel, document) -> None:
    panel.param_widgets["gums"].check.click()
    palette = panel.param_widgets["palette"].combo
    palette.setCurrentIndex(palette.findData("ostracod"))
    assert document.design.layers[SPARKLE].params["gums"] is True
    assert document.design.layers[SPARKLE].params["palette"] == "ostracod"
    assert panel.reset.isEnabled()
    panel.reset.click()
    assert document.design.layers[SPARKLE].params == {}
    assert steps(document)[-1] == "Reset Joy glow to defaults"
    assert panel.param_widgets["intensity"].value() == 8.0  # the declared default
    assert not panel.reset.isEnabled()


def test_an_invalid_teeth_string_never_reaches_the_model(qtbot, document) -> None:
    document.open(Design(layers=(Layer(kind="decal"),)), None)
    panel = InspectorPanel(document)
    qtbot.addWidget(panel)
    before = document.design
    teeth = panel.param_widgets["teeth"]
    teeth.line.setText("11, 19")
    teeth.line.editingFinished.emit()
    assert document.design == before and document.undo_stack.count() == 0
    assert "not a list of FDI numbers" in teeth.problem
    teeth.line.setText("11, 21")
    teeth.line.editingFinished.emit()
    assert document.design.layers[0].params["teeth"] == "11, 21" and teeth.problem == ""


def test_mask_chips_teeth_and_selection(panel, document, design) -> None:
    mask = panel.mask_editor
    mask.region_chips["incisal"].click()
    mask.region_chips["cervical"].click()
    mask.quadrant_chips[2].click()
    mask.type_chips["canine"].click()
    assert not mask.use_selection.isEnabled()
    document.set_selection([21, 11])
    mask.use_selection.click()
    mask.invert.click()
    edited = document.design.layers[SPARKLE].mask
    assert edited == Mask(regions=("cervical", "incisal"), quadrants=(2,),
                          tooth_types=("canine",), teeth=(11, 21), invert=True)  # fmt: skip
    assert steps(document) == [
        "Change Joy glow mask: regions",
        "Change Joy glow mask: regions",
        "Change Joy glow mask: quadrants",
        "Change Joy glow mask: tooth types",
        "Change Joy glow mask: teeth",
        "Change Joy glow mask: invert",
    ]
    assert mask.teeth.text() == "11, 21"
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert document.design == design and not mask.region_chips["incisal"].isChecked()


def test_mask_refuses_bad_teeth_and_backward_arch(panel, document) -> None:
    mask = panel.mask_editor
    before = document.design
    mask.arch_end.spin.setValue(-0.5)
    mask.arch_start.spin.setValue(0.5)  # start after end
    assert "arch_range" in mask.problems["arch_range"]
    assert "e5484d" in mask.arch_start.spin.styleSheet()
    assert document.design.layers[SPARKLE].mask.arch_range == (-1.0, -0.5)
    mask.teeth.setText("11, 19")
    mask.teeth.editingFinished.emit()
    assert "19 is not an FDI tooth number" in mask.problems["teeth"]
    assert "e5484d" in mask.teeth.styleSheet()
    assert document.design.layers[SPARKLE].mask.teeth == ()
    assert steps(document) == ["Change Joy glow mask: arch range"]
    # The model is the truth: an undo redraws the mask and clears what was refused.
    document.undo_stack.undo()
    assert document.design == before and mask.problems["teeth"] == ""
    assert mask.teeth.text() == "" and mask.arch_start.value() == -1.0


def test_mask_noise_on_off_and_its_sliders(panel, document) -> None:
    mask = panel.mask_editor
    assert mask.noise_scale.isHidden()
    mask.noise.click()
    assert document.design.layers[SPARKLE].mask.noise == NoiseMask()
    assert not mask.noise_scale.isHidden()
    mask.noise_scale.spin.setValue(8.0)
    mask.noise_seed.setValue(7)
    assert document.design.layers[SPARKLE].mask.noise == NoiseMask(scale_mm=8.0, seed=7)
    mask.noise.click()
    assert document.design.layers[SPARKLE].mask.noise is None


def test_model_mask_edits_show_in_the_editor(panel, document) -> None:
    layers = list(document.design.layers)
    layers[SPARKLE] = layers[SPARKLE].model_copy(
        update={"mask": Mask(regions=("gums",), quadrants=(3,), noise=NoiseMask(threshold=0.5))}
    )
    document.edit(document.design.model_copy(update={"layers": tuple(layers)}), "test")
    mask = panel.mask_editor
    assert mask.region_chips["gums"].isChecked() and mask.quadrant_chips[3].isChecked()
    assert not mask.region_chips["teeth"].isChecked()
    assert mask.noise.isChecked() and mask.noise_threshold.value() == 0.5
    assert document.undo_stack.count() == 1  # showing wrote nothing back


def test_tooltips_carry_description_unit_and_range(panel) -> None:
    rate = panel.param_widgets["rate"]
    assert "Hz" in rate.toolTip() and "0.1 – 20" in rate.toolTip()
    label = panel.params_section.form.labelForField(rate)
    assert label is not None and label.toolTip() == rate.toolTip()
    assert label.alignment() & Qt.AlignmentFlag.AlignRight


def test_a_strangers_layer_name_is_shown_as_text_never_html(qtbot) -> None:  # type: ignore[no-untyped-def]
    # A label whose text looks like HTML is HTML, and an <img src> there makes Qt read
    # any local file (a FIFO hangs the window, /dev/zero fills its memory).
    from PyQt6.QtGui import QTextDocument

    name = '<img src="/nonexistent/fusionsmile.png"> <b>Glow</b>'
    document = DesignDocument()
    document.open(Design(layers=(Layer(kind="solid-glow", name=name),)), None)
    document.set_current_layer(0)
    panel = InspectorPanel(document)
    qtbot.addWidget(panel)
    shown = QTextDocument()
    text, form = panel.title.text(), panel.title.textFormat()
    if form == Qt.TextFormat.RichText or (
        form == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    ):
        shown.setHtml(text)
    else:
        shown.setPlainText(text)
    assert shown.toPlainText() == name
