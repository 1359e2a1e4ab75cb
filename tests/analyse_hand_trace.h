#pragma once
// The hand-made trace of the Analyse page tests, with hand-computed Eq. 1 results.

#include "core/routing/trace.h"

#include <QString>

class QTemporaryDir;

enum Expert { Alpha = 0, Beta = 1, Gamma = 2 };

// 3 blocks × {mlp.gate_proj, mlp.up_proj}, 5 tokens, experts alpha / beta / gamma (gamma never chosen).
// Hand-computed Eq. 1 means (alpha, beta):
//   token 0: blocks 0-1 (0.4, 0.6), block 2 (1.0, 0.0) -> all (0.6, 0.4) alpha; without block 2 -> beta 0.6
//   token 1: gate (0.9, 0.1), up (0.2, 0.8)            -> all (0.55, 0.45) alpha; up only -> beta 0.8
//   token 2: (0.7, 0.3) alpha; token 3: (0, 1) beta; token 4: (0.5, 0.5) a tie -> alpha
moe::Trace makeTrace();

// Test-mode QSettings under the application's names, cleared: a test never sees the user's settings.
void isolateSettings();

// Writes the hand trace to DIR/hand.safetensors and a file that is not safetensors to
// DIR/notes.safetensors; returns false if either cannot be written.
bool writeHandTraceFiles(const QTemporaryDir& dir, QString* trace, QString* notTrace);
