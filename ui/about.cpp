#include "ui/about.h"

#include <QCoreApplication>
#include <QIcon>
#include <QMessageBox>
#include <QWidget>

#include <torch/version.h>

namespace moe {

QString aboutText()
{
    return QCoreApplication::translate("moe::About",
                                       "<h3>MoE Studio %1</h3>"
                                       "<p>Compose Mixture-of-Experts models from expert checkpoints, analyse "
                                       "how they route tokens, and train their routers.</p>"
                                       "<p>Built with Qt %2 (running on Qt %3) and LibTorch %4.</p>")
        .arg(QStringLiteral(MOE_VERSION), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()),
             QStringLiteral(TORCH_VERSION));
}

void showAboutDialog(QWidget* parent)
{
    QMessageBox box(parent);
    box.setWindowTitle(QCoreApplication::translate("moe::About", "About MoE Studio"));
    box.setTextFormat(Qt::RichText);
    box.setText(aboutText());
    if (parent)
        box.setIconPixmap(parent->windowIcon().pixmap(64, 64));
    box.exec();
}

}  // namespace moe
