// SPDX-License-Identifier: MIT
// Empty: the translation unit of a library that only builds a folder's shared test
// precompiled header (tierlab_add_test_pch in cmake/TierLabTargets.cmake).
