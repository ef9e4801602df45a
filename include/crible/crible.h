#pragma once
/// @file
/// Umbrella header: the whole public API of crible.

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/entities.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/json.h"
#include "crible/query.h"
#include "crible/search.h"
#include "crible/version.h"
