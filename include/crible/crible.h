#pragma once
/// @file
/// Umbrella header: the whole public API of crible.

#include "crible/analyzer.h"
#include "crible/error.h"
#include "crible/json.h"
#include "crible/query.h"
#include "crible/version.h"
