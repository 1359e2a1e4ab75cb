#pragma once
// The About box.

#include <QString>

class QWidget;

namespace moe {

// HTML: the application name and version (MOE_VERSION), and the Qt and LibTorch versions.
QString aboutText();

// Shows the About box, modal to `parent`, with the parent's window icon.
void showAboutDialog(QWidget* parent);

}  // namespace moe
