// SPDX-License-Identifier: MIT
// Light and dark palettes (View > Dark Palette, or `tierlab --dark`). Charts and the heat
// map follow the palette when it changes.
#pragma once

namespace tierlab::gui {

// Applies the Fusion style with a light or dark palette to the whole application.
void applyPalette(bool dark);

} // namespace tierlab::gui
