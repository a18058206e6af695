#pragma once
// The app's look: the platform's own, or a dark one (Fusion with a dark
// palette) with --dark or NATTER_THEME=dark, for desktops that do not say.

#include <QPalette>

namespace natter::desktop {

QPalette dark_palette();
// Fusion with dark_palette(). The unread red and the highlight follow.
void use_dark_theme();

}  // namespace natter::desktop
