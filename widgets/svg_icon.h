#pragma once
// Icons rendered from SVG at whatever size and device pixel ratio they are drawn, without depending on
// Qt's SVG icon-engine plugin being deployed. Monochrome artwork can be drawn in the colours of the
// current palette, so that it reads well in light and dark themes and follows palette changes.

#include <QIcon>
#include <QString>

namespace moe {

// An icon that renders the SVG at `svgPath` (a file or ":/resource" path; only its alpha channel is used)
// in the palette's text colour: WindowText normally, HighlightedText when selected, the disabled
// WindowText when disabled. Returns a null icon if the SVG cannot be loaded.
QIcon paletteIcon(const QString& svgPath);

// A full-colour icon (e.g. the application icon) rendered from the SVG at `svgPath`. Disabled mode is
// drawn translucent. Returns a null icon if the SVG cannot be loaded.
QIcon svgIcon(const QString& svgPath);

}  // namespace moe
